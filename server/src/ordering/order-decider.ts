import type { Decider } from '../commands/decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../shared/errors';
import { MAX_TOTAL_AMOUNT } from '../shared/money';
import { text, quantity as validQuantity } from '../shared/validation';
import type { ItemSnapshot, OrderEvent, OrderShipmentLine } from './events';

/**
 * DRAFT → CHECKOUT_PENDING → PLACED → PARTIALLY_SHIPPED → SHIPPED → DELIVERED, and CANCELLED
 * from DRAFT, PLACED, or CHECKOUT_PENDING once the checkout stops: a cancellation asked for while
 * the checkout saga runs is recorded, and the saga's last step (placing the order or sending it
 * back) cancels the order in the same append.
 */
export type OrderStatus = 'DRAFT' | 'CHECKOUT_PENDING' | 'PLACED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export type OrderShipmentStatus = 'PENDING' | 'SHIPPED' | 'DELIVERED';

export interface OrderShipment {
  lines: OrderShipmentLine[];
  status: OrderShipmentStatus;
}

export interface OrderLine extends ItemSnapshot {
  quantity: number;
}

export interface OrderState {
  orderId: string | undefined;
  /** Who the order belongs to; never changes. */
  customerId: string | undefined;
  status: OrderStatus;
  items: OrderLine[];
  /** Every checkout asked for, oldest first; the last one is the current or latest attempt. */
  /** `paymentTokenRef`: the vault reference, or the token itself in requests recorded before the vault. */
  checkouts: { checkoutId: string; idempotencyKey: string; paymentTokenRef: string }[];
  /** What the checkout that placed the order holds: its reservation (= the checkout id) and payment. */
  placement: { checkoutId: string; paymentId: string } | undefined;
  /** Shipments planned for the order and not cancelled, by id. */
  shipments: Record<string, OrderShipment>;
  /** The reason of a cancellation asked for while a checkout was running, until it takes effect. */
  cancellationRequested: string | undefined;
}

export type OrderCommand =
  | { type: 'CreateOrder'; orderId: string; customerId: string | undefined }
  | { type: 'AddItemToOrder'; item: ItemSnapshot; quantity: number }
  | { type: 'ChangeOrderItemQuantity'; variantId: string; quantity: number }
  | { type: 'RemoveItemFromOrder'; variantId: string }
  | { type: 'RequestCheckout'; checkoutId: string; idempotencyKey: string; paymentTokenRef: string }
  | { type: 'PlaceOrder'; checkoutId: string; paymentId: string }
  | { type: 'FailCheckout'; checkoutId: string; reason: string }
  | { type: 'PlanShipment'; shipmentId: string; lines: { variantId: string; quantity: number }[] }
  | { type: 'CancelShipmentPlan'; shipmentId: string }
  | { type: 'RecordShipment'; shipmentId: string }
  | { type: 'RecordShipmentDelivery'; shipmentId: string }
  | { type: 'CancelOrder'; reason: string };

export const MAX_ORDER_LINES = 100;

export const initialState = (): OrderState => ({
  orderId: undefined,
  customerId: undefined,
  status: 'DRAFT',
  items: [],
  checkouts: [],
  placement: undefined,
  shipments: {},
  cancellationRequested: undefined,
});

/** Units of each variant in shipments with the given statuses. */
export function quantitiesIn(state: Pick<OrderState, 'shipments'>, statuses: readonly OrderShipmentStatus[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const shipment of Object.values(state.shipments)) {
    if (!statuses.includes(shipment.status)) continue;
    for (const l of shipment.lines) totals.set(l.variantId, (totals.get(l.variantId) ?? 0) + l.quantity);
  }
  return totals;
}

const SHIPPED: readonly OrderShipmentStatus[] = ['SHIPPED', 'DELIVERED'];

function withShipment(state: OrderState, shipmentId: string, status: OrderShipmentStatus): OrderState['shipments'] {
  const current = state.shipments[shipmentId];
  return current ? { ...state.shipments, [shipmentId]: { ...current, status } } : state.shipments;
}

export function evolve(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderCreated':
      return { ...state, orderId: event.data.orderId, customerId: event.data.customerId, status: 'DRAFT' };
    case 'ItemAddedToOrder': {
      const { orderId: _orderId, ...line } = event.data;
      return { ...state, items: [...state.items, line] };
    }
    case 'OrderItemQuantityChanged':
      return { ...state, items: state.items.map((i) => (i.variantId === event.data.variantId ? { ...i, quantity: event.data.quantity } : i)) };
    case 'ItemRemovedFromOrder':
      return { ...state, items: state.items.filter((i) => i.variantId !== event.data.variantId) };
    case 'CheckoutRequested': {
      const { checkoutId, idempotencyKey, paymentTokenRef, paymentToken } = event.data;
      return { ...state, status: 'CHECKOUT_PENDING', checkouts: [...state.checkouts, { checkoutId, idempotencyKey, paymentTokenRef: paymentTokenRef ?? paymentToken! }] };
    }
    case 'OrderPlaced':
      return { ...state, status: 'PLACED', placement: { checkoutId: event.data.checkoutId, paymentId: event.data.paymentId } };
    case 'OrderCheckoutFailed':
      return { ...state, status: 'DRAFT' };
    case 'OrderShipmentPlanned':
      return { ...state, shipments: { ...state.shipments, [event.data.shipmentId]: { lines: event.data.lines, status: 'PENDING' } } };
    case 'OrderShipmentPlanCancelled': {
      const { [event.data.shipmentId]: _cancelled, ...shipments } = state.shipments;
      return { ...state, shipments };
    }
    case 'OrderShipmentRecorded':
      return { ...state, status: event.data.fullyShipped ? 'SHIPPED' : 'PARTIALLY_SHIPPED', shipments: withShipment(state, event.data.shipmentId, 'SHIPPED') };
    case 'OrderShipmentDelivered':
      return { ...state, shipments: withShipment(state, event.data.shipmentId, 'DELIVERED') };
    case 'OrderDelivered':
      return { ...state, status: 'DELIVERED' };
    case 'OrderCancellationRequested':
      return { ...state, cancellationRequested: event.data.reason };
    case 'OrderCancelled':
      return { ...state, status: 'CANCELLED', cancellationRequested: undefined };
  }
}

/** The order's currency is the one of its items; an empty order has none yet. */
export const orderCurrency = (state: OrderState): string | undefined => state.items[0]?.unitPrice.currency;

function editableDraft(state: OrderState): string {
  if (!state.orderId) throw new NotFoundError('Order');
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

/** An order's total is bounded (MAX_TOTAL_AMOUNT) like every sum of money: its payment, captures and refunds then are too. */
function totalStaysBounded(state: OrderState, events: OrderEvent[]): OrderEvent[] {
  const total = orderTotal(events.reduce(evolve, state));
  if (!(total <= MAX_TOTAL_AMOUNT)) {
    throw new BadUserInputError(`The order total would be ${total} minor units, more than the limit of ${MAX_TOTAL_AMOUNT}`, { field: 'quantity', limit: MAX_TOTAL_AMOUNT });
  }
  return events;
}

export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The checkout currently running for this order, if any. */
const pendingCheckout = (state: OrderState) => (state.status === 'CHECKOUT_PENDING' ? state.checkouts.at(-1) : undefined);

function requestCheckout(command: Extract<OrderCommand, { type: 'RequestCheckout' }>, state: OrderState): OrderEvent[] {
  if (!state.orderId) throw new NotFoundError('Order');
  const key = command.idempotencyKey.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, { field: 'idempotencyKey' });
  }
  const earlier = state.checkouts.find((c) => c.idempotencyKey === key);
  if (earlier) {
    // A retry of the same request starts nothing new; the same key for another request is a client bug.
    if (earlier.paymentTokenRef !== command.paymentTokenRef) throw new ConflictError('This idempotencyKey was already used for a different checkout request', { field: 'idempotencyKey' });
    return [];
  }
  editableDraft(state);
  if (state.items.length === 0) throw new InvalidStateError('An order needs at least one item to be checked out');
  if (command.paymentTokenRef.trim().length === 0) throw new BadUserInputError('A payment token is required', { field: 'payment.token' });
  const currency = orderCurrency(state)!;
  const total = { amount: orderTotal(state), currency };
  return [
    {
      type: 'CheckoutRequested',
      data: {
        orderId: state.orderId,
        checkoutId: command.checkoutId,
        idempotencyKey: key,
        paymentTokenRef: command.paymentTokenRef,
        attempt: state.checkouts.length + 1,
        lines: state.items.map((i) => ({ variantId: i.variantId, sku: i.sku, quantity: i.quantity })),
        total,
      },
    },
  ];
}

export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  const events = decideUnchecked(command, state);
  return command.type === 'AddItemToOrder' || command.type === 'ChangeOrderItemQuantity' ? totalStaysBounded(state, events) : events;
}

function decideUnchecked(command: OrderCommand, state: OrderState): OrderEvent[] {
  switch (command.type) {
    case 'CreateOrder':
      if (state.orderId) throw new ConflictError(`Order ${command.orderId} already exists`);
      return [{ type: 'OrderCreated', data: { orderId: command.orderId, ...(command.customerId && { customerId: command.customerId }) } }];
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
      return withRequestedCancellation(state, [{ type: 'OrderPlaced', data: { orderId: state.orderId!, checkoutId: command.checkoutId, paymentId: command.paymentId, total } }]);
    }
    case 'FailCheckout':
      if (pendingCheckout(state)?.checkoutId !== command.checkoutId) return [];
      return withRequestedCancellation(state, [{ type: 'OrderCheckoutFailed', data: { orderId: state.orderId!, checkoutId: command.checkoutId, reason: command.reason } }]);
    case 'PlanShipment':
      return planShipment(command, state);
    case 'CancelShipmentPlan':
      return cancelShipmentPlan(command.shipmentId, state);
    case 'RecordShipment':
      return recordShipment(command.shipmentId, state);
    case 'RecordShipmentDelivery':
      return recordDelivery(command.shipmentId, state);
    case 'CancelOrder':
      return cancelOrder(command.reason, state);
  }
}

export const MAX_CANCEL_REASON_LENGTH = 500;
const SHIPPABLE: readonly OrderStatus[] = ['PLACED', 'PARTIALLY_SHIPPED'];

function existingOrder(state: OrderState): string {
  if (!state.orderId) throw new NotFoundError('Order');
  return state.orderId;
}

function shippable(state: OrderState, action: string): string {
  const orderId = existingOrder(state);
  if (!SHIPPABLE.includes(state.status)) throw new InvalidStateError(`A ${state.status} order cannot ${action}`, { status: state.status });
  return orderId;
}

function planShipment(command: Extract<OrderCommand, { type: 'PlanShipment' }>, state: OrderState): OrderEvent[] {
  const orderId = shippable(state, 'be shipped');
  if (state.shipments[command.shipmentId]) return [];
  if (command.lines.length === 0) throw new BadUserInputError('A shipment needs at least one line', { field: 'lines' });
  const wanted = new Map<string, number>();
  for (const l of command.lines) {
    const item = state.items.find((i) => i.variantId === l.variantId);
    if (!item) throw new BadUserInputError(`Variant ${l.variantId} is not in this order`, { field: 'lines', variantId: l.variantId });
    wanted.set(l.variantId, (wanted.get(l.variantId) ?? 0) + validQuantity(l.quantity));
  }
  // Pending shipments count too: together, shipments never take more of a line than was ordered.
  const taken = quantitiesIn(state, ['PENDING', ...SHIPPED]);
  const lines: OrderShipmentLine[] = [];
  for (const [variantId, quantity] of wanted) {
    const item = state.items.find((i) => i.variantId === variantId)!;
    const left = item.quantity - (taken.get(variantId) ?? 0);
    if (quantity > left) {
      throw new BadUserInputError(`Only ${left} of ${item.sku} are left to ship, asked for ${quantity}`, { field: 'lines', variantId, left });
    }
    lines.push({ variantId, sku: item.sku, quantity });
  }
  return [{ type: 'OrderShipmentPlanned', data: { orderId, shipmentId: command.shipmentId, lines } }];
}

function cancelShipmentPlan(shipmentId: string, state: OrderState): OrderEvent[] {
  const orderId = existingOrder(state);
  const shipment = state.shipments[shipmentId];
  // A cancelled order's pending shipments are cancelled with it; the order has nothing left to count.
  if (!shipment || state.status === 'CANCELLED') return [];
  if (shipment.status !== 'PENDING') throw new InvalidStateError(`A ${shipment.status} shipment cannot be cancelled`, { status: shipment.status });
  return [{ type: 'OrderShipmentPlanCancelled', data: { orderId, shipmentId } }];
}

function recordShipment(shipmentId: string, state: OrderState): OrderEvent[] {
  const orderId = existingOrder(state);
  const shipment = state.shipments[shipmentId];
  if (!shipment) throw new NotFoundError('Shipment of this order', shipmentId);
  if (shipment.status !== 'PENDING') return [];
  shippable(state, 'be shipped');
  const shipped = quantitiesIn(withShipped(state, shipmentId), SHIPPED);
  const fullyShipped = state.items.every((i) => (shipped.get(i.variantId) ?? 0) >= i.quantity);
  return [{ type: 'OrderShipmentRecorded', data: { orderId, shipmentId, lines: shipment.lines, fullyShipped } }];
}

const withShipped = (state: OrderState, shipmentId: string): OrderState => ({ ...state, shipments: withShipment(state, shipmentId, 'SHIPPED') });

function recordDelivery(shipmentId: string, state: OrderState): OrderEvent[] {
  const orderId = existingOrder(state);
  const shipment = state.shipments[shipmentId];
  if (!shipment) throw new NotFoundError('Shipment of this order', shipmentId);
  if (shipment.status === 'DELIVERED') return [];
  if (shipment.status !== 'SHIPPED') throw new InvalidStateError(`A ${shipment.status} shipment cannot be delivered`, { status: shipment.status });
  const events: OrderEvent[] = [{ type: 'OrderShipmentDelivered', data: { orderId, shipmentId } }];
  const after = events.reduce(evolve, state);
  const everyShipmentDelivered = Object.values(after.shipments).every((s) => s.status === 'DELIVERED');
  if (after.status === 'SHIPPED' && everyShipmentDelivered) events.push({ type: 'OrderDelivered', data: { orderId } });
  return events;
}

/** The checkout's outcome, followed by the cancellation asked for while it ran (the follow-ups release what it held). */
function withRequestedCancellation(state: OrderState, outcome: OrderEvent[]): OrderEvent[] {
  if (state.cancellationRequested === undefined) return outcome;
  return [...outcome, { type: 'OrderCancelled', data: { orderId: state.orderId!, reason: state.cancellationRequested } }];
}

function cancelOrder(reason: string, state: OrderState): OrderEvent[] {
  const orderId = existingOrder(state);
  const why = text('reason', reason, { max: MAX_CANCEL_REASON_LENGTH });
  if (state.status === 'CHECKOUT_PENDING') {
    // The saga may be mid-way through reserving or charging: it finishes, then the order is cancelled.
    if (state.cancellationRequested !== undefined) return [];
    return [{ type: 'OrderCancellationRequested', data: { orderId, reason: why } }];
  }
  if (state.status !== 'DRAFT' && state.status !== 'PLACED') {
    throw new InvalidStateError(`A ${state.status} order cannot be cancelled`, { status: state.status });
  }
  return [{ type: 'OrderCancelled', data: { orderId, reason: why } }];
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = { streamType: 'Order', initialState, evolve, decide };
