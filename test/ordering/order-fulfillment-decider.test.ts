import { describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import type { OrderEvent, OrderShipmentLine } from '../../server/src/ordering/events';
import { orderDecider, type OrderCommand, type OrderState } from '../../server/src/ordering/order-decider';
import { BadUserInputError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(orderDecider);

const orderId = '44444444-4444-4444-8444-444444444444';
const variantA = '55555555-5555-4555-8555-555555555555';
const variantB = '66666666-6666-4666-8666-666666666666';
const checkoutId = '77777777-7777-4777-8777-777777777777';
const paymentId = '88888888-8888-4888-8888-888888888888';

const price = (amount: number) => ({ amount, currency: 'EUR' });
const draft: OrderEvent[] = [
  { type: 'OrderCreated', data: { orderId } },
  { type: 'ItemAddedToOrder', data: { orderId, variantId: variantA, sku: 'A', productName: 'P', variantName: 'A', unitPrice: price(1000), quantity: 3 } },
  { type: 'ItemAddedToOrder', data: { orderId, variantId: variantB, sku: 'B', productName: 'P', variantName: 'B', unitPrice: price(500), quantity: 1 } },
];
const checkoutRequested: OrderEvent = {
  type: 'CheckoutRequested',
  data: {
    orderId,
    checkoutId,
    idempotencyKey: 'k',
    paymentTokenRef: 'token-ref-1',
    attempt: 1,
    lines: [
      { variantId: variantA, sku: 'A', quantity: 3 },
      { variantId: variantB, sku: 'B', quantity: 1 },
    ],
    total: price(3500),
  },
};
const pending = [...draft, checkoutRequested];
const placed: OrderEvent[] = [...pending, { type: 'OrderPlaced', data: { orderId, checkoutId, paymentId, total: price(3500) } }];

const lineA = (quantity: number): OrderShipmentLine => ({ variantId: variantA, sku: 'A', quantity });
const lineB = (quantity: number): OrderShipmentLine => ({ variantId: variantB, sku: 'B', quantity });
const planned = (shipmentId: string, lines: OrderShipmentLine[]): OrderEvent => ({ type: 'OrderShipmentPlanned', data: { orderId, shipmentId, lines } });
const recorded = (shipmentId: string, lines: OrderShipmentLine[], fullyShipped: boolean): OrderEvent => ({
  type: 'OrderShipmentRecorded',
  data: { orderId, shipmentId, lines, fullyShipped },
});
const shipmentDelivered = (shipmentId: string): OrderEvent => ({ type: 'OrderShipmentDelivered', data: { orderId, shipmentId } });
const plan = (shipmentId: string, lines: { variantId: string; quantity: number }[]): OrderCommand => ({ type: 'PlanShipment', shipmentId, lines });
const cancel: OrderCommand = { type: 'CancelOrder', reason: 'customer changed their mind' };
const cancelled: OrderEvent = { type: 'OrderCancelled', data: { orderId, reason: 'customer changed their mind' } };

const partlyShipped = [...placed, planned('s-1', [lineA(2)]), recorded('s-1', [lineA(2)], false)];
const fullyShipped = [...partlyShipped, planned('s-2', [lineA(1), lineB(1)]), recorded('s-2', [lineA(1), lineB(1)], true)];
const statusAfter = (events: OrderEvent[]): OrderState['status'] => fold(orderDecider, events).status;

describe('planning shipments', () => {
  it('plans a partial shipment of a placed order, merging lines of one variant', () => {
    given(placed).when(plan('s-1', [{ variantId: variantA, quantity: 1 }, { variantId: variantA, quantity: 1 }])).then([planned('s-1', [lineA(2)])]);
  });

  it('counts pending and shipped shipments so lines are never over-shipped', () => {
    const withPending = [...placed, planned('s-1', [lineA(2)])];
    given(withPending).when(plan('s-2', [{ variantId: variantA, quantity: 2 }])).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given(withPending).when(plan('s-2', [{ variantId: variantA, quantity: 1 }])).then([planned('s-2', [lineA(1)])]);
    given(partlyShipped).when(plan('s-2', [{ variantId: variantA, quantity: 2 }])).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    // A cancelled plan gives its units back.
    given([...withPending, { type: 'OrderShipmentPlanCancelled', data: { orderId, shipmentId: 's-1' } }])
      .when(plan('s-2', [{ variantId: variantA, quantity: 3 }]))
      .then([planned('s-2', [lineA(3)])]);
  });

  it('rejects variants not in the order and bad quantities', () => {
    given(placed).when(plan('s-1', [{ variantId: '99999999-9999-4999-8999-999999999999', quantity: 1 }])).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given(placed).when(plan('s-1', [{ variantId: variantA, quantity: 0 }])).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given(placed).when(plan('s-1', [])).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('ships only PLACED or PARTIALLY_SHIPPED orders', () => {
    for (const events of [draft, pending, fullyShipped, [...placed, cancelled]]) {
      given(events).when(plan('s-9', [{ variantId: variantB, quantity: 1 }])).thenRejects(InvalidStateError, 'INVALID_STATE');
    }
    given(partlyShipped).when(plan('s-2', [{ variantId: variantB, quantity: 1 }])).then([planned('s-2', [lineB(1)])]);
  });
});

describe('recording shipments and deliveries', () => {
  it('goes PLACED → PARTIALLY_SHIPPED → SHIPPED as units leave', () => {
    given([...placed, planned('s-1', [lineA(2)])]).when({ type: 'RecordShipment', shipmentId: 's-1' }).then([recorded('s-1', [lineA(2)], false)]);
    expect(statusAfter(partlyShipped)).toBe('PARTIALLY_SHIPPED');
    given([...partlyShipped, planned('s-2', [lineA(1), lineB(1)])])
      .when({ type: 'RecordShipment', shipmentId: 's-2' })
      .then([recorded('s-2', [lineA(1), lineB(1)], true)]);
    expect(statusAfter(fullyShipped)).toBe('SHIPPED');
  });

  it('records a shipment once, and only one the order planned', () => {
    given(partlyShipped).when({ type: 'RecordShipment', shipmentId: 's-1' }).thenNothing();
    given(placed).when({ type: 'RecordShipment', shipmentId: 's-x' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('refuses to record a shipment of a cancelled order', () => {
    given([...placed, planned('s-1', [lineA(1)]), cancelled]).when({ type: 'RecordShipment', shipmentId: 's-1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('is DELIVERED once everything has shipped and every shipment arrived', () => {
    // The first shipment arriving while the rest has not shipped leaves the order PARTIALLY_SHIPPED.
    given(partlyShipped).when({ type: 'RecordShipmentDelivery', shipmentId: 's-1' }).then([shipmentDelivered('s-1')]);
    const firstArrived = [...fullyShipped, shipmentDelivered('s-1')];
    given(fullyShipped).when({ type: 'RecordShipmentDelivery', shipmentId: 's-1' }).then([shipmentDelivered('s-1')]);
    given(firstArrived)
      .when({ type: 'RecordShipmentDelivery', shipmentId: 's-2' })
      .then([shipmentDelivered('s-2'), { type: 'OrderDelivered', data: { orderId } }]);
    expect(statusAfter([...firstArrived, shipmentDelivered('s-2'), { type: 'OrderDelivered', data: { orderId } }])).toBe('DELIVERED');
  });

  it('delivers only shipped shipments, once', () => {
    given([...placed, planned('s-1', [lineA(1)])]).when({ type: 'RecordShipmentDelivery', shipmentId: 's-1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([...partlyShipped, shipmentDelivered('s-1')]).when({ type: 'RecordShipmentDelivery', shipmentId: 's-1' }).thenNothing();
  });

  it('cancels a pending shipment plan, not a shipped one', () => {
    given([...placed, planned('s-1', [lineA(1)])])
      .when({ type: 'CancelShipmentPlan', shipmentId: 's-1' })
      .then([{ type: 'OrderShipmentPlanCancelled', data: { orderId, shipmentId: 's-1' } }]);
    given(partlyShipped).when({ type: 'CancelShipmentPlan', shipmentId: 's-1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});

describe('cancelling orders', () => {
  it('cancels a DRAFT or PLACED order (pending shipments do not prevent it)', () => {
    given(draft).when(cancel).then([cancelled]);
    given(placed).when(cancel).then([cancelled]);
    given([...placed, planned('s-1', [lineA(1)])]).when(cancel).then([cancelled]);
    expect(statusAfter([...placed, cancelled])).toBe('CANCELLED');
  });

  it('while a checkout runs, records the request, and cancels with the checkout outcome, whichever it is', () => {
    const requested: OrderEvent = { type: 'OrderCancellationRequested', data: { orderId, reason: cancelled.data.reason } };
    given(pending).when(cancel).then([requested]);
    // Asked again before the checkout ends: already on record.
    given([...pending, requested]).when(cancel).then([]);
    expect(statusAfter([...pending, requested])).toBe('CHECKOUT_PENDING');

    given([...pending, requested])
      .when({ type: 'PlaceOrder', checkoutId, paymentId })
      .then([{ type: 'OrderPlaced', data: { orderId, checkoutId, paymentId, total: price(3500) } }, cancelled]);
    given([...pending, requested])
      .when({ type: 'FailCheckout', checkoutId, reason: 'OUT_OF_STOCK' })
      .then([{ type: 'OrderCheckoutFailed', data: { orderId, checkoutId, reason: 'OUT_OF_STOCK' } }, cancelled]);
    // Without a request the checkout's outcome stands alone.
    given(pending).when({ type: 'FailCheckout', checkoutId, reason: 'OUT_OF_STOCK' }).then([{ type: 'OrderCheckoutFailed', data: { orderId, checkoutId, reason: 'OUT_OF_STOCK' } }]);
  });

  it('refuses once anything shipped, and twice', () => {
    given(partlyShipped).when(cancel).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(fullyShipped).when(cancel).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([...placed, cancelled]).when(cancel).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('needs a reason', () => {
    given(placed).when({ type: 'CancelOrder', reason: '  ' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('a cancelled order is no longer a draft: it cannot be changed or checked out', () => {
    const item = { variantId: variantA, sku: 'A', productName: 'P', variantName: 'A', unitPrice: price(1000) };
    given([...draft, cancelled]).when({ type: 'AddItemToOrder', item, quantity: 1 }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([...draft, cancelled])
      .when({ type: 'RequestCheckout', checkoutId: 'c-2', idempotencyKey: 'k2', paymentTokenRef: 'token-ref-1' })
      .thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});
