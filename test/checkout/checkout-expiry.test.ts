import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutStreamId } from '../../server/src/checkout/events';
import { stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { paymentStreamId } from '../../server/src/payments/events';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, CHECKOUT_ORDER_FIELDS, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { GatedGateway } from '../support/gated-gateway';
import { EVENTUALLY_MS } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TTL_MS = 1_000;

let testApp: TestApp;
let gateway: GatedGateway;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new GatedGateway(new SimulatedGateway(database.db));
  // No periodic sweep: the test runs it, at instants it chooses, so nothing here depends on timing.
  testApp = await startTestApp({ database, paymentGateway: gateway, reservationTtlMs: TTL_MS, reservationExpiryIntervalMs: 0 });
});
afterAll(async () => {
  gateway.open();
  await testApp.stop();
  await database.drop();
});

/** The SKU's stock stream, once the inventory read model (which the sweep reads) has caught up with it. */
async function projectedStockStream(sku: string) {
  const recorded = await testApp.app.store.readStream(stockStreamId(sku), { tenantId: 'demo' });
  await testApp.app.projector.waitFor('inventory', recorded.at(-1)!);
  return recorded as unknown as StockEvent[];
}

const orderOf = async (orderId: string) =>
  (await testApp.client.data<{ order: any }>(`query($id: ID!) { order(id: $id) { ${CHECKOUT_ORDER_FIELDS} } }`, { id: orderId })).order;

describe('reservation expiry during checkout', () => {
  it('a payment pending past the reservation TTL: the stock is released, then the checkout fails RESERVATION_EXPIRED and the authorization is voided', async () => {
    const { client, app } = testApp;
    const { variantId } = await stockedProduct(client, 'EXPIRE', { 'EXP-1': { amount: 800, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('EXP-1'), quantity: 2 }]);
    await checkout(client, orderId, 'tok_visa', 'exp-1');
    await gateway.held();

    const reserved = (await projectedStockStream('EXP-1')).find((e) => e.type === 'StockReserved');
    expect(reserved?.data.expiresAt).toBeTypeOf('string');
    const expiresAt = new Date(reserved!.data.expiresAt!);
    expect(await stockLevel(client, 'EXP-1')).toEqual({ onHand: 3, reserved: 2, available: 1 });

    // Not yet due: the sweep leaves it. Past the TTL: released, once, however often the sweep runs.
    expect(await app.inventory.expiry.releaseExpired(new Date(expiresAt.getTime() - 1))).toBe(0);
    expect(await app.inventory.expiry.releaseExpired(new Date(expiresAt.getTime() + 1))).toBe(1);
    const afterSweep = await projectedStockStream('EXP-1');
    expect(await app.inventory.expiry.releaseExpired(new Date(expiresAt.getTime() + 1))).toBe(0);
    expect(afterSweep.map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);
    expect(afterSweep[2]).toMatchObject({ data: { reason: 'EXPIRED', reservationId: reserved!.data.reservationId } });
    expect(await stockLevel(client, 'EXP-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    // The payment has not answered yet, so the checkout is still waiting on it.
    await expect.poll(() => orderOf(orderId), { timeout: EVENTUALLY_MS }).toMatchObject({ status: 'CHECKOUT_PENDING', checkout: { status: 'AUTHORIZING_PAYMENT' } });

    // The gateway finally authorizes: nothing is held for the order any more, so it must not be placed.
    gateway.open();
    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'DRAFT', checkout: { status: 'FAILED', failureReason: 'RESERVATION_EXPIRED', outOfStockSkus: [], attempts: 1 } });
    // The customer's card is not left with a hold for an order that was not placed.
    expect(order.payment.status).toBe('VOIDED');
    const checkoutId = reserved!.data.reservationId;
    expect((await app.store.readStream(checkoutStreamId(checkoutId), { tenantId: 'demo' })).map((e) => e.type)).toEqual([
      'CheckoutStarted',
      'CheckoutStockReservationRequested',
      'CheckoutStockReserved',
      'CheckoutPaymentAuthorizationRequested',
      'CheckoutPaymentAuthorized',
      'CheckoutFailed',
    ]);
    expect((await app.store.readStream(paymentStreamId(order.payment.id), { tenantId: 'demo' })).map((e) => e.type)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentVoided']);
    const stockEvents = await projectedStockStream('EXP-1');
    expect(stockEvents.map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);
    expect(await stockLevel(client, 'EXP-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });

    // Back in DRAFT, the customer can try again; this time it goes through.
    await checkout(client, orderId, 'tok_visa', 'exp-2');
    expect(await settledOrder(client, orderId)).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 2 }, payment: { status: 'AUTHORIZED' } });
    expect(await stockLevel(client, 'EXP-1')).toEqual({ onHand: 3, reserved: 2, available: 1 });
  });

  it('never expires the reservation of a placed order, however late the sweep', async () => {
    const { client, app } = testApp;
    gateway.open();
    const { variantId } = await stockedProduct(client, 'KEEP', { 'KEEP-1': { amount: 300, stock: 2 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('KEEP-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'keep-1');
    expect(await settledOrder(client, orderId)).toMatchObject({ status: 'PLACED' });
    await projectedStockStream('KEEP-1');

    expect(await app.inventory.expiry.releaseExpired(new Date(Date.now() + 24 * 3_600_000))).toBe(0);
    expect((await projectedStockStream('KEEP-1')).map((e) => e.type)).toEqual(['StockReceived', 'StockReserved', 'StockReservationConfirmed']);
    expect(await stockLevel(client, 'KEEP-1')).toEqual({ onHand: 2, reserved: 1, available: 1 });
  });
});
