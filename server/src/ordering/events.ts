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
  | { type: 'OrderCreated'; data: { orderId: string } }
  | { type: 'ItemAddedToOrder'; data: { orderId: string; quantity: number } & ItemSnapshot }
  | { type: 'OrderItemQuantityChanged'; data: { orderId: string; variantId: string; quantity: number; previousQuantity: number } }
  | { type: 'ItemRemovedFromOrder'; data: { orderId: string; variantId: string } }
  | { type: 'CheckoutRequested'; data: CheckoutRequest }
  | { type: 'OrderPlaced'; data: { orderId: string; checkoutId: string; paymentId: string; total: Money } }
  | { type: 'OrderCheckoutFailed'; data: { orderId: string; checkoutId: string; reason: string } };

/** What a checkout needs to know of the order, fixed when the customer asked for it. */
export interface CheckoutRequest {
  orderId: string;
  checkoutId: string;
  idempotencyKey: string;
  /** The payment gateway's one-time token (never card data). */
  paymentToken: string;
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
];

export const orderStreamId = (orderId: string) => `order-${orderId}`;
export const ORDER_UPDATED = 'ORDER_UPDATED';
