import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientGatewayError } from '../../server/src/payments/payment-gateway';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import type { Money } from '../../server/src/shared/money';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { stockLevel } from '../support/checkout-fixtures';
import { createShipment, fulfilledOrder, paymentOf, placedOrder, shipShipment } from '../support/fulfillment-fixtures';

/** Captures fail transiently while `down` is set, as when the card network is unreachable. */
class OutageGateway extends SimulatedGateway {
  down = false;
  readonly captureKeys: string[] = [];

  override async capture(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    if (this.down) throw new TransientGatewayError('connection reset');
    this.captureKeys.push(request.idempotencyKey);
    return super.capture(request);
  }
}

let gateway: OutageGateway;
let database: TestDatabase;
let testApp: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new OutageGateway(database.db);
  // The outage here is about deferring a capture, not the circuit breaker: it stays closed throughout.
  testApp = await startTestApp({ database, paymentGateway: gateway, paymentGatewayCircuit: { failuresToOpen: 1_000, halfOpenAfterMs: 1_000 } });
});
afterAll(async () => {
  await testApp.stop();
  await database.drop();
});

describe('a capture the gateway cannot take yet', () => {
  it('does not undo the shipment: it is shipped, and the fulfillment process captures once the gateway answers', async () => {
    const { client } = testApp;
    const { orderId, variantId, paymentId } = await placedOrder(client, 'OUT', { 'OUT-1': { amount: 700, stock: 3 } }, { 'OUT-1': 2 });
    const shipment = await createShipment(client, orderId, [{ variantId: variantId('OUT-1'), quantity: 2 }]);

    gateway.down = true;
    const shipped = await shipShipment(client, shipment.id, 'TRACK-OUT');
    expect(shipped.status).toBe('SHIPPED');
    expect((await fulfilledOrder(client, orderId)).status).toBe('SHIPPED');
    expect(await stockLevel(client, 'OUT-1')).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await paymentOf(client, orderId)).toMatchObject({ status: 'AUTHORIZED', captured: 0 });

    gateway.down = false;
    const deadline = Date.now() + 15_000;
    let payment = await paymentOf(client, orderId);
    while (payment.captured === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      payment = await paymentOf(client, orderId);
    }
    expect(payment).toEqual({ status: 'CAPTURED', authorized: 1400, captured: 1400, refunded: 0 });
    expect(gateway.captureKeys).toEqual([`${paymentId}:capture:${shipment.id}`]);
  });
});
