import type { Money } from '../shared/money';

/** What the order keeps of a catalog variant when it is added: later catalog changes do not alter it. */
export interface ItemSnapshot {
  variantId: string;
  sku: string;
  productName: string;
  variantName: string;
  unitPrice: Money;
}

export type OrderEvent =
  /** `customerId`: the account the order belongs to (absent on orders from before accounts existed). */
  | { type: 'OrderCreated'; data: { orderId: string; customerId?: string } }
  | { type: 'ItemAddedToOrder'; data: { orderId: string; quantity: number } & ItemSnapshot }
  | { type: 'OrderItemQuantityChanged'; data: { orderId: string; variantId: string; quantity: number; previousQuantity: number } }
  | { type: 'ItemRemovedFromOrder'; data: { orderId: string; variantId: string } }
  | { type: 'CheckoutRequested'; data: CheckoutRequest }
  | { type: 'OrderPlaced'; data: { orderId: string; checkoutId: string; paymentId: string; total: Money } }
  | { type: 'OrderCheckoutFailed'; data: { orderId: string; checkoutId: string; reason: string } }
  // Fulfillment: the order stream is where shipped quantities are counted, so two shipments can
  // never together take more of a line than was ordered, and cancellation and shipping exclude each other.
  | { type: 'OrderShipmentPlanned'; data: { orderId: string; shipmentId: string; lines: OrderShipmentLine[] } }
  | { type: 'OrderShipmentPlanCancelled'; data: { orderId: string; shipmentId: string } }
  /** `fullyShipped`: with this shipment every unit of the order has left. */
  | { type: 'OrderShipmentRecorded'; data: { orderId: string; shipmentId: string; lines: OrderShipmentLine[]; fullyShipped: boolean } }
  | { type: 'OrderShipmentDelivered'; data: { orderId: string; shipmentId: string } }
  | { type: 'OrderDelivered'; data: { orderId: string } }
  | { type: 'OrderCancellationRequested'; data: { orderId: string; reason: string } }
  | { type: 'OrderCancelled'; data: { orderId: string; reason: string } };

export interface OrderShipmentLine {
  variantId: string;
  sku: string;
  quantity: number;
}

/** What a checkout needs to know of the order, fixed when the customer asked for it. */
export interface CheckoutRequest {
  orderId: string;
  checkoutId: string;
  idempotencyKey: string;
  /** Where the payment gateway's one-time token waits in the payments' token vault: the token itself never enters the log. */
  paymentTokenRef?: string;
  /** Only in requests recorded before the vault: the token itself (the audit trail redacts it). */
  paymentToken?: string;
  attempt: number;
  lines: { variantId: string; sku: string; quantity: number }[];
  total: Money;
}

export const orderEventTypes: readonly OrderEvent['type'][] = [
  'OrderCreated',
  'ItemAddedToOrder',
  'OrderItemQuantityChanged',
  'ItemRemovedFromOrder',
  'CheckoutRequested',
  'OrderPlaced',
  'OrderCheckoutFailed',
  'OrderShipmentPlanned',
  'OrderShipmentPlanCancelled',
  'OrderShipmentRecorded',
  'OrderShipmentDelivered',
  'OrderDelivered',
  'OrderCancellationRequested',
  'OrderCancelled',
];

export const orderStreamId = (orderId: string) => `order-${orderId}`;
export const ORDER_UPDATED = 'ORDER_UPDATED';
