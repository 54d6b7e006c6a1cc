import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../server/src/ordering/events';
import { ownOrdersOnly } from '../../server/src/ordering/order-access';
import { orderDecider } from '../../server/src/ordering/order-decider';
import { NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const orderId = '44444444-4444-4444-8444-444444444444';
const aliceOrder: OrderEvent = { type: 'OrderCreated', data: { orderId, customerId: 'alice' } };
const legacyOrder: OrderEvent = { type: 'OrderCreated', data: { orderId } };
const asAlice = scenariosFor(ownOrdersOnly(orderDecider, 'alice'));
const asBob = scenariosFor(ownOrdersOnly(orderDecider, 'bob'));
const cancel = { type: 'CancelOrder', reason: 'changed my mind' } as const;

describe('a command acting for one customer', () => {
  it("goes through on the customer's own order", () => {
    asAlice.given([aliceOrder]).when(cancel).then([{ type: 'OrderCancelled', data: { orderId, reason: 'changed my mind' } }]);
  });

  it("finds another customer's order, or one from before accounts, no more than a missing one: the same NOT_FOUND", () => {
    const others = asBob.given([aliceOrder]).when(cancel).thenRejects(NotFoundError, 'NOT_FOUND');
    const legacy = asBob.given([legacyOrder]).when(cancel).thenRejects(NotFoundError, 'NOT_FOUND');
    const missing = asBob.given([]).when(cancel).thenRejects(NotFoundError, 'NOT_FOUND');
    expect(others.message).toBe(missing.message);
    expect(legacy.message).toBe(missing.message);
  });

  it('is checked before anything else about the command', () => {
    // A bad idempotency key on someone else's order is still just NOT_FOUND.
    asBob.given([aliceOrder]).when({ type: 'RequestCheckout', checkoutId: 'c', idempotencyKey: '', paymentTokenRef: 'token-ref-1' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});
