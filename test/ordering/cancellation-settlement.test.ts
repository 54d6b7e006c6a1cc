import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { createLogger } from '../../server/src/config/logger';
import { OrderCancellation } from '../../server/src/fulfillment/order-cancellation';
import type { PaymentsService } from '../../server/src/payments/payments-service';
import { startTestApp, type TestApp } from '../support/app';
import { placedOrder } from '../support/fulfillment-fixtures';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const ctx: CommandContext = { tenantId: 'demo', metadata: { actor: 'tester' } };

/** The payments service, with staff doing `meanwhile` between the cancellation's read of the payment and its settlement. */
function racedBy(payments: PaymentsService, meanwhile: (paymentId: string) => Promise<unknown>): PaymentsService {
  return Object.assign(Object.create(payments) as PaymentsService, {
    async load(tenantId: string, paymentId: string) {
      const state = await payments.load(tenantId, paymentId);
      await meanwhile(paymentId);
      return state;
    },
  });
}

describe('cancelling an order settles its payment, catching only "already settled"', () => {
  it('staff captured part while the cancellation was voiding: the refusal is not taken for "settled"; the retry refunds the capture', async () => {
    const { app } = testApp;
    const { orderId, paymentId } = await placedOrder(testApp.client, 'CANCEL-RACE', { 'CANCEL-RACE-1': { amount: 1_000, stock: 5 } }, { 'CANCEL-RACE-1': 2 });
    // Only this test's cancellation runs: the server's own follow-up (the fulfillment process) is held still.
    await app.projector.stop();
    await app.ordering.service.cancelOrder(orderId, 'customer asked', ctx);
    const deps = { store: app.store, inventory: app.inventory.service, logger: createLogger('silent') };

    const racing = new OrderCancellation({ ...deps, payments: racedBy(app.payments.service, (id) => app.payments.service.capture(id, { amount: 700, currency: 'EUR' }, ctx)) });
    await expect(racing.complete(orderId, ctx)).rejects.toMatchObject({ status: 'PARTIALLY_CAPTURED' });
    expect(await app.payments.service.load('demo', paymentId)).toMatchObject({ status: 'PARTIALLY_CAPTURED', captured: 700, refunded: 0 });

    // The fulfillment process's retry, on the payment as it is now.
    await new OrderCancellation({ ...deps, payments: app.payments.service }).complete(orderId, ctx);
    expect(await app.payments.service.load('demo', paymentId)).toMatchObject({ status: 'REFUNDED', captured: 700, refunded: 700 });
    await testApp.restart();
  });

  it('a payment voided meanwhile by another run is settled: nothing to do, no error', async () => {
    const { app } = testApp;
    const { orderId, paymentId } = await placedOrder(testApp.client, 'CANCEL-DONE', { 'CANCEL-DONE-1': { amount: 500, stock: 5 } }, { 'CANCEL-DONE-1': 1 });
    await app.projector.stop();
    await app.ordering.service.cancelOrder(orderId, 'customer asked', ctx);
    const racing = new OrderCancellation({
      store: app.store,
      inventory: app.inventory.service,
      logger: createLogger('silent'),
      payments: racedBy(app.payments.service, (id) => app.payments.service.void(id, ctx)),
    });
    await expect(racing.complete(orderId, ctx)).resolves.toBeDefined();
    expect(await app.payments.service.load('demo', paymentId)).toMatchObject({ status: 'VOIDED' });
  });
});
