import type { Decider } from '../commands/decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../shared/errors';
import { quantity as validQuantity } from '../shared/validation';
import type { ItemSnapshot, OrderEvent } from './events';

export type OrderStatus = 'DRAFT' | 'CHECKOUT_PENDING' | 'PLACED';

export interface OrderLine extends ItemSnapshot {
  quantity: number;
}

export interface OrderState {
  orderId: string | undefined;
  status: OrderStatus;
  items: OrderLine[];
}

export type OrderCommand =
  | { type: 'CreateOrder'; orderId: string }
  | { type: 'AddItemToOrder'; item: ItemSnapshot; quantity: number }
  | { type: 'ChangeOrderItemQuantity'; variantId: string; quantity: number }
  | { type: 'RemoveItemFromOrder'; variantId: string };

export const MAX_ORDER_LINES = 100;

export const initialState = (): OrderState => ({ orderId: undefined, status: 'DRAFT', items: [] });

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderCreated':
      return { ...state, orderId: event.data.orderId, status: 'DRAFT' };
    case 'ItemAddedToOrder': {
      const { orderId: _orderId, ...line } = event.data;
      return { ...state, items: [...state.items, line] };
    }
    case 'OrderItemQuantityChanged':
      return { ...state, items: state.items.map((i) => (i.variantId === event.data.variantId ? { ...i, quantity: event.data.quantity } : i)) };
    case 'ItemRemovedFromOrder':
      return { ...state, items: state.items.filter((i) => i.variantId !== event.data.variantId) };
  }
}

/** The order's currency is the one of its items; an empty order has none yet. */
export const orderCurrency = (state: OrderState): string | undefined => state.items[0]?.unitPrice.currency;

function editableDraft(state: OrderState): string {
  if (!state.orderId) throw new NotFoundError('Order', 'requested');
  if (state.status !== 'DRAFT') throw new InvalidStateError(`Only a DRAFT order can be changed; this order is ${state.status}`, { status: state.status });
  return state.orderId;
}

function line(state: OrderState, variantId: string): OrderLine {
  const found = state.items.find((i) => i.variantId === variantId);
  if (!found) throw new NotFoundError('Order item for variant', variantId);
  return found;
}

export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'CreateOrder':
      if (state.orderId) throw new ConflictError(`Order ${command.orderId} already exists`);
      return [{ type: 'OrderCreated', data: { orderId: command.orderId } }];
    case 'AddItemToOrder': {
      const orderId = editableDraft(state);
      const added = validQuantity(command.quantity);
      const currency = orderCurrency(state);
      if (currency && command.item.unitPrice.currency !== currency) {
        throw new BadUserInputError(`This order is in ${currency}; a ${command.item.unitPrice.currency} item cannot be added`, { field: 'variantId' });
      }
      const existing = state.items.find((i) => i.variantId === command.item.variantId);
      if (existing) {
        const quantity = validQuantity(existing.quantity + added);
        return [{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: existing.variantId, quantity, previousQuantity: existing.quantity } }];
      }
      if (state.items.length >= MAX_ORDER_LINES) throw new BadUserInputError(`An order holds at most ${MAX_ORDER_LINES} different items`);
      return [{ type: 'ItemAddedToOrder', data: { orderId, ...command.item, quantity: added } }];
    }
    case 'ChangeOrderItemQuantity': {
      const orderId = editableDraft(state);
      const quantity = validQuantity(command.quantity);
      const current = line(state, command.variantId);
      if (current.quantity === quantity) return [];
      return [{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: current.variantId, quantity, previousQuantity: current.quantity } }];
    }
    case 'RemoveItemFromOrder': {
      const orderId = editableDraft(state);
      const current = line(state, command.variantId);
      return [{ type: 'ItemRemovedFromOrder', data: { orderId, variantId: current.variantId } }];
    }
  }
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = { streamType: 'Order', initialState, evolve, decide };
