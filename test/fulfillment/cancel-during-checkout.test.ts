import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeOutcome } from '../../server/src/payments/payment-gateway';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import type { Money } from '../../server/src/shared/money';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { CANCEL_ORDER, paymentOf } from '../support/fulfillment-fixtures';
import { CountingGateway } from '../payments/gateway-fakes';
import { expectRejected } from '../support/rejections';
import { EVENTUALLY_MS } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Holds every authorization until the test lets it through, so a checkout can be caught in flight. */
class HeldGateway extends SimulatedGateway {
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  letThrough(): void {
    this.release();
  }

  override async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    await this.released;
    return super.authorize(request);
  }
}

let held: HeldGateway;
let gateway: CountingGateway;
let database: TestDatabase;
let testApp: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  held = new HeldGateway(database.db);
  gateway = new CountingGateway(held);
  testApp = await startTestApp({ database, paymentGateway: gateway });
});
afterAll(async () => {
  held.letThrough();
  await testApp.stop();
  await database.drop();
});

describe('cancelling during checkout', () => {
  it('is recorded while the checkout runs, and cancels the order once the checkout has placed it: stock and authorization released', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'INFL', { 'INFL-1': { amount: 900, stock: 2 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('INFL-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'infl-1');

    // Wait until the saga is parked at the gateway: stock reserved, payment not yet authorized.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { order } = await client.data<{ order: { status: string; checkout: { status: string } | null } }>('query($id: ID!) { order(id: $id) { status checkout { status } } }', { id: orderId });
      if (order.checkout?.status === 'AUTHORIZING_PAYMENT' && gateway.count('authorize') > 0) break;
      if (Date.now() > deadline) throw new Error(`checkout never reached the gateway: ${JSON.stringify(order)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const { cancelOrder } = await client.data<{ cancelOrder: { status: string } }>(CANCEL_ORDER, { o: orderId, r: 'changed mind' });
    expect(cancelOrder.status).toBe('CHECKOUT_PENDING');
    // Asking again while it still runs is fine and changes nothing.
    expect((await client.data<{ cancelOrder: { status: string } }>(CANCEL_ORDER, { o: orderId, r: 'changed mind' })).cancelOrder.status).toBe('CHECKOUT_PENDING');

    held.letThrough();
    await expect
      .poll(async () => (await client.data<{ order: { status: string } }>('query($id: ID!) { order(id: $id) { status } }', { id: orderId })).order.status, { timeout: EVENTUALLY_MS })
      .toBe('CANCELLED');
    await expect.poll(() => paymentOf(client, orderId), { timeout: EVENTUALLY_MS }).toMatchObject({ status: 'VOIDED', captured: 0 });
    await expect.poll(() => stockLevel(client, 'INFL-1'), { timeout: EVENTUALLY_MS }).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(gateway.count('void')).toBe(1);

    const historyTypes = async () =>
      (await client.data<{ order: { history: { type: string }[] } }>('query($id: ID!) { order(id: $id) { history { type } } }', { id: orderId })).order.history.map((h) => h.type);
    await expect.poll(historyTypes, { timeout: EVENTUALLY_MS }).toContain('OrderCancelled');
    const types = await historyTypes();
    expect(types.indexOf('OrderCancellationRequested')).toBeLessThan(types.indexOf('OrderPlaced'));
    expect(types.filter((t) => t === 'OrderCancellationRequested')).toHaveLength(1);
    // The customer hears of the cancellation only, not of a placement that no longer stands.
    await expect
      .poll(async () => (await client.data<{ notifications: { kind: string }[] }>('query($id: ID!) { notifications(orderId: $id) { kind } }', { id: orderId })).notifications.map((n) => n.kind), { timeout: EVENTUALLY_MS })
      .toEqual(['ORDER_CANCELLED']);
    expect(await testApp.database.db('notification_outbox').where({ order_id: orderId }).pluck('kind')).toEqual(['ORDER_CANCELLED']);
    // A cancelled order cannot be cancelled again.
    await expectRejected(testApp, 'INVALID_STATE', CANCEL_ORDER, { o: orderId, r: 'again' });
  });
});
