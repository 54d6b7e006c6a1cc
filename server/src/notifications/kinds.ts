/** What a customer is told about, by the event that causes it. */
export const notificationKindByEvent = {
  OrderPlaced: 'ORDER_PLACED',
  OrderCheckoutFailed: 'CHECKOUT_FAILED',
  ShipmentShipped: 'SHIPMENT_SHIPPED',
  ShipmentDelivered: 'SHIPMENT_DELIVERED',
  OrderCancelled: 'ORDER_CANCELLED',
  PaymentRefunded: 'PAYMENT_REFUNDED',
} as const;

export type NotificationKind = (typeof notificationKindByEvent)[keyof typeof notificationKindByEvent];

export const notificationKinds: readonly NotificationKind[] = Object.values(notificationKindByEvent);

export function notificationKindOf(eventType: string): NotificationKind | undefined {
  return Object.hasOwn(notificationKindByEvent, eventType) ? notificationKindByEvent[eventType as keyof typeof notificationKindByEvent] : undefined;
}
