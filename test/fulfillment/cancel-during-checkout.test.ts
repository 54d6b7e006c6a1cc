import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeOutcome } from '../../server/src/payments/payment-gateway';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import type { Money } from '../../server/src/shared/money';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { CANCEL_ORDER, paymentOf } from '../support/fulfillment-fixtures';
import { CountingGateway } from '../payments/gateway-fakes';
import { expectRejected } from '../support/rejections';

/** Holds every authorization until the test lets it through, so a checkout can be caught in flight. */
class HeldGateway extends SimulatedGateway {
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  letThrough(): void {
    this.release();
  }

  override async authorize(request: { idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    await this.released;
    return super.authorize(request);
  }
}

const held = new HeldGateway();
const gateway = new CountingGateway(held);
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ paymentGateway: gateway });
});
afterAll(async () => {
  held.letThrough();
  await testApp.stop();
});

describe('cancelling during checkout', () => {
  it('is refused with INVALID_STATE while the checkout runs, and works once the order is placed', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'INFL', { 'INFL-1': { amount: 900, stock: 2 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('INFL-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'infl-1');

    // Wait until the saga is parked at the gateway, so no event of it races the rejection below.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { order } = await client.data<{ order: { status: string; checkout: { status: string } | null } }>('query($id: ID!) { order(id: $id) { status checkout { status } } }', { id: orderId });
      if (order.checkout?.status === 'AUTHORIZING_PAYMENT' && gateway.count('authorize') > 0) break;
      if (Date.now() > deadline) throw new Error(`checkout never reached the gateway: ${JSON.stringify(order)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const error = await expectRejected(testApp, 'INVALID_STATE', CANCEL_ORDER, { o: orderId, r: 'changed mind' });
    expect(error.message).toMatch(/checkout is in progress/);

    held.letThrough();
    expect((await settledOrder(client, orderId)).status).toBe('PLACED');
    const { cancelOrder } = await client.data<{ cancelOrder: { status: string } }>(CANCEL_ORDER, { o: orderId, r: 'changed mind' });
    expect(cancelOrder.status).toBe('CANCELLED');
    expect(await paymentOf(client, orderId)).toMatchObject({ status: 'VOIDED', captured: 0 });
    expect(await stockLevel(client, 'INFL-1')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(gateway.count('void')).toBe(1);
  });
});
