import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GatewayUnavailableError, TransientGatewayError, type AuthorizeOutcome } from '../../server/src/payments/payment-gateway';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { newId } from '../../server/src/shared/ids';
import type { Money } from '../../server/src/shared/money';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';

const FAILURES_TO_OPEN = 3;
/** Long enough that a checkout started right after the circuit opened finds it still open, even on a loaded machine. */
const HALF_OPEN_AFTER_MS = 10_000;
const SETTLE_MS = 30_000;

/** A provider whose network is down until the test brings it back; remembers every authorize request that reached it. */
class OutageGateway extends SimulatedGateway {
  down = true;
  readonly reached: string[] = [];

  override async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    this.reached.push(request.idempotencyKey);
    if (this.down) throw new TransientGatewayError('connection refused');
    return super.authorize(request);
  }
}

let database: TestDatabase;
let gateway: OutageGateway;
let testApp: TestApp;
const logLines: { msg?: string; circuit?: string; state?: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new OutageGateway(database.db);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  testApp = await startTestApp({
    database,
    paymentGateway: gateway,
    paymentGatewayCircuit: { failuresToOpen: FAILURES_TO_OPEN, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
    logger: pino({ level: 'info' }, sink),
  });
});
afterAll(async () => {
  await testApp.stop();
  await database.drop();
});

const circuitMetric = async () => {
  const text = await (await fetch(`${testApp.app.url}/metrics`)).text();
  return /^ordercast_payment_gateway_circuit_state (\d+)$/m.exec(text)?.[1];
};

describe('the payment gateway circuit breaker', () => {
  it('opens after repeated failures: checkouts then fail fast with PAYMENT_ERROR without reaching the gateway; after the half-open probe succeeds they complete again', { timeout: 120_000 }, async () => {
    const { app } = testApp;
    const { client } = testApp;
    expect(await circuitMetric()).toBe('0');
    const { variantId } = await stockedProduct(client, 'CIRCUIT', { 'CIRCUIT-1': { amount: 1_500, stock: 10 } });

    // The gateway is down: a payment's retries fail one after another until the circuit opens.
    await expect(
      app.payments.service.authorize({ paymentId: newId(), orderId: newId(), amount: { amount: 100, currency: 'EUR' }, token: 'tok_visa' }, { tenantId: 'demo', metadata: { actor: 'test' } }),
    ).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(gateway.reached).toHaveLength(FAILURES_TO_OPEN);
    expect(app.payments.gateway.state).toBe('open');
    expect(await circuitMetric()).toBe('1');

    // While it is open, a checkout fails at once, PAYMENT_ERROR, and the gateway hears nothing of it.
    const reachedBefore = gateway.reached.length;
    const failing = await draftOrder(client, [{ variantId: variantId('CIRCUIT-1'), quantity: 1 }]);
    await checkout(client, failing, 'tok_visa', 'circuit-open');
    expect(await settledOrder(client, failing, SETTLE_MS)).toMatchObject({ status: 'DRAFT', checkout: { status: 'FAILED', failureReason: 'PAYMENT_ERROR' }, payment: null });
    expect(gateway.reached).toHaveLength(reachedBefore);
    expect(app.payments.gateway.state).toBe('open');

    // The gateway comes back. Once the break is over the next call probes it, and the circuit closes.
    gateway.down = false;
    await vi.waitFor(() => expect(app.payments.gateway.refusesCalls()).toBe(false), { timeout: HALF_OPEN_AFTER_MS * 2, interval: 100 });
    const placed = await draftOrder(client, [{ variantId: variantId('CIRCUIT-1'), quantity: 2 }]);
    await checkout(client, placed, 'tok_visa', 'circuit-closed');
    expect(await settledOrder(client, placed, SETTLE_MS)).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED' }, payment: { status: 'AUTHORIZED' } });
    expect(app.payments.gateway.state).toBe('closed');
    expect(await circuitMetric()).toBe('0');

    // Each change of state was logged, in order.
    expect(logLines.filter((l) => l.circuit === 'payment-gateway').map((l) => l.state)).toEqual(['open', 'half-open', 'closed']);
  });
});
