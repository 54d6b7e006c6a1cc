/** What a customer is told about, by the event that causes it. */
export const notificationKindByEvent = {
  OrderPlaced: 'ORDER_PLACED',
  OrderCheckoutFailed: 'CHECKOUT_FAILED',
  ShipmentShipped: 'SHIPMENT_SHIPPED',
  ShipmentDelivered: 'SHIPMENT_DELIVERED',
  OrderCancelled: 'ORDER_CANCELLED',
  PaymentRefunded: 'PAYMENT_REFUNDED',
} as const;

/** What a customer is told about one of their orders. */
export type OrderNotificationKind = (typeof notificationKindByEvent)[keyof typeof notificationKindByEvent];

/** What an account holder is told about the account itself: queued by the accounts context, about no order. */
export type AccountNotificationKind = 'PASSWORD_RESET';

export type NotificationKind = OrderNotificationKind | AccountNotificationKind;

export const notificationKinds: readonly OrderNotificationKind[] = Object.values(notificationKindByEvent);

export const isAccountNotification = (kind: NotificationKind): kind is AccountNotificationKind => kind === 'PASSWORD_RESET';

export function notificationKindOf(eventType: string): OrderNotificationKind | undefined {
  return Object.hasOwn(notificationKindByEvent, eventType) ? notificationKindByEvent[eventType as keyof typeof notificationKindByEvent] : undefined;
}
