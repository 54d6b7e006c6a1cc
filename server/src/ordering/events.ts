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
  | { type: 'ItemRemovedFromOrder'; data: { orderId: string; variantId: string } };

export const orderEventTypes: readonly OrderEvent['type'][] = ['OrderCreated', 'ItemAddedToOrder', 'OrderItemQuantityChanged', 'ItemRemovedFromOrder'];

export const orderStreamId = (orderId: string) => `order-${orderId}`;
export const ORDER_UPDATED = 'ORDER_UPDATED';
