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
  /** Every checkout asked for, oldest first; the last one is the current or latest attempt. */
  checkouts: { checkoutId: string; idempotencyKey: string; paymentToken: string }[];
}

export type OrderCommand =
  | { type: 'CreateOrder'; orderId: string }
  | { type: 'AddItemToOrder'; item: ItemSnapshot; quantity: number }
  | { type: 'ChangeOrderItemQuantity'; variantId: string; quantity: number }
  | { type: 'RemoveItemFromOrder'; variantId: string }
  | { type: 'RequestCheckout'; checkoutId: string; idempotencyKey: string; paymentToken: string }
  | { type: 'PlaceOrder'; checkoutId: string; paymentId: string }
  | { type: 'FailCheckout'; checkoutId: string; reason: string };

export const MAX_ORDER_LINES = 100;

export const initialState = (): OrderState => ({ orderId: undefined, status: 'DRAFT', items: [], checkouts: [] });

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
    case 'CheckoutRequested': {
      const { checkoutId, idempotencyKey, paymentToken } = event.data;
      return { ...state, status: 'CHECKOUT_PENDING', checkouts: [...state.checkouts, { checkoutId, idempotencyKey, paymentToken }] };
    }
    case 'OrderPlaced':
      return { ...state, status: 'PLACED' };
    case 'OrderCheckoutFailed':
      return { ...state, status: 'DRAFT' };
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

/** Sum of the line totals in minor units of the order's currency. */
export const orderTotal = (state: Pick<OrderState, 'items'>): number => state.items.reduce((sum, i) => sum + i.unitPrice.amount * i.quantity, 0);

/** Totals are served as GraphQL SafeInt: an order whose total is not a safe integer could never be shown again. */
function totalStaysSafe(state: OrderState, events: OrderEvent[]): OrderEvent[] {
  const total = orderTotal(events.reduce(evolve, state));
  if (!Number.isSafeInteger(total)) throw new BadUserInputError('The order total would be too large', { field: 'quantity' });
  return events;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The checkout currently running for this order, if any. */
const pendingCheckout = (state: OrderState) => (state.status === 'CHECKOUT_PENDING' ? state.checkouts.at(-1) : undefined);

function requestCheckout(command: Extract<OrderCommand, { type: 'RequestCheckout' }>, state: OrderState): OrderEvent[] {
  if (!state.orderId) throw new NotFoundError('Order', 'requested');
  const key = command.idempotencyKey.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, { field: 'idempotencyKey' });
  }
  const earlier = state.checkouts.find((c) => c.idempotencyKey === key);
  if (earlier) {
    // A retry of the same request starts nothing new; the same key for another request is a client bug.
    if (earlier.paymentToken !== command.paymentToken) throw new ConflictError('This idempotencyKey was already used for a different checkout request', { field: 'idempotencyKey' });
    return [];
  }
  editableDraft(state);
  if (state.items.length === 0) throw new InvalidStateError('An order needs at least one item to be checked out');
  if (command.paymentToken.trim().length === 0) throw new BadUserInputError('A payment token is required', { field: 'payment.token' });
  const currency = orderCurrency(state)!;
  const total = { amount: orderTotal(state), currency };
  return [
    {
      type: 'CheckoutRequested',
      data: {
        orderId: state.orderId,
        checkoutId: command.checkoutId,
        idempotencyKey: key,
        paymentToken: command.paymentToken,
        attempt: state.checkouts.length + 1,
        lines: state.items.map((i) => ({ variantId: i.variantId, sku: i.sku, quantity: i.quantity })),
        total,
      },
    },
  ];
}

export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  const events = decideUnchecked(command, state);
  return command.type === 'AddItemToOrder' || command.type === 'ChangeOrderItemQuantity' ? totalStaysSafe(state, events) : events;
}

function decideUnchecked(command: OrderCommand, state: OrderState): OrderEvent[] {
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
    case 'RequestCheckout':
      return requestCheckout(command, state);
    case 'PlaceOrder': {
      // Issued by the checkout process: a repeat after the order moved on is a no-op.
      if (pendingCheckout(state)?.checkoutId !== command.checkoutId) return [];
      const total = { amount: orderTotal(state), currency: orderCurrency(state)! };
      return [{ type: 'OrderPlaced', data: { orderId: state.orderId!, checkoutId: command.checkoutId, paymentId: command.paymentId, total } }];
    }
    case 'FailCheckout':
      if (pendingCheckout(state)?.checkoutId !== command.checkoutId) return [];
      return [{ type: 'OrderCheckoutFailed', data: { orderId: state.orderId!, checkoutId: command.checkoutId, reason: command.reason } }];
  }
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = { streamType: 'Order', initialState, evolve, decide };
