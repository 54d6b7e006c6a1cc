import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeOutcome } from '../../server/src/payments/payment-gateway';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import type { Money } from '../../server/src/shared/money';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SETTLE_MS = 60_000;

/**
 * For a token with "crash" in it, the first authorization is made at the provider and then the
 * process stops before hearing the answer (the handler fails; the process manager delivers the
 * request again later and the checkout resumes). Counts what reached the provider.
 */
class CrashOnceGateway extends SimulatedGateway {
  readonly authorizeKeys: string[] = [];
  private crashed = new Set<string>();

  override async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    this.authorizeKeys.push(request.idempotencyKey);
    const outcome = await super.authorize(request);
    if (request.token.includes('crash') && !this.crashed.has(request.idempotencyKey)) {
      this.crashed.add(request.idempotencyKey);
      throw new Error('the process stopped after the provider answered');
    }
    return outcome;
  }
}

let database: TestDatabase;
let gateway: CrashOnceGateway;
let testApp: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new CrashOnceGateway(database.db);
  testApp = await startTestApp({ database, paymentGateway: gateway });
});
afterAll(async () => {
  await testApp.stop();
  await database.drop();
});

/** A token no other text in the database could contain by chance. */
const secretToken = (kind: string) => `tok_ok_${kind}_${randomBytes(8).toString('hex')}`;

describe('no card tokens in the log', () => {
  it('after checkouts that are placed, declined, retried, out of stock and resumed after a crash, no token is in any event, and the vault is empty', { timeout: 180_000 }, async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'VAULT', { 'VAULT-1': { amount: 900, stock: 10 } });
    const runs = [
      { token: secretToken('placed'), quantity: 1, expect: { status: 'PLACED', checkout: { status: 'COMPLETED' } } },
      { token: 'tok_decline_insufficient_funds', quantity: 1, expect: { status: 'DRAFT', checkout: { failureReason: 'PAYMENT_DECLINED' } } },
      { token: 'tok_flaky', quantity: 1, expect: { status: 'PLACED', checkout: { status: 'COMPLETED' } } },
      { token: secretToken('outofstock'), quantity: 50, expect: { status: 'DRAFT', checkout: { failureReason: 'OUT_OF_STOCK' } } },
      { token: secretToken('crash'), quantity: 1, expect: { status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 1 } } },
    ];
    const orders: { orderId: string; paymentId?: string }[] = [];
    for (const [i, run] of runs.entries()) {
      const orderId = await draftOrder(client, [{ variantId: variantId('VAULT-1'), quantity: run.quantity }]);
      await checkout(client, orderId, run.token, `vault-${i}`);
      const order = await settledOrder(client, orderId, SETTLE_MS);
      expect(order, run.token).toMatchObject(run.expect);
      orders.push({ orderId, paymentId: order.payment?.id });
    }

    // The crash: the provider was asked twice with the same key and holds the amount once.
    const crashed = orders[4]!.paymentId!;
    expect(gateway.authorizeKeys.filter((key) => key === crashed)).toEqual([crashed, crashed]);
    expect(await database.db('simulated_gateway_holds').where({ tenant_id: 'demo', authorize_key: crashed }).select('authorization_id')).toHaveLength(1);

    // Not one token anywhere in the log, data or metadata; the requests name only a reference.
    const mentions = await database.db('events').where((q) => q.whereRaw("data::text LIKE '%tok\\_%'").orWhereRaw("metadata::text LIKE '%tok\\_%'")).select('event_type');
    expect(mentions).toEqual([]);
    const requests = await database.db('events').where({ event_type: 'CheckoutRequested' }).select('data');
    expect(requests).toHaveLength(runs.length);
    for (const { data } of requests) {
      expect(data).toHaveProperty('paymentTokenRef');
      expect(data).not.toHaveProperty('paymentToken');
    }
    // Every authorization is decided, so the vault holds nothing any more (once the deletes gathered meanwhile are sent).
    await testApp.app.payments.vault.flushDiscards();
    expect(await database.db('payment_token_vault').select('token_ref')).toEqual([]);
  });

  it('a token left behind by an abandoned checkout is swept once it has expired', async () => {
    const vault = testApp.app.payments.vault;
    const now = new Date();
    await vault.put('demo', 'fresh-ref', secretToken('fresh'), now);
    await vault.put('demo', 'abandoned-ref', secretToken('abandoned'), new Date(now.getTime() - 2 * 60 * 60_000));
    expect(await vault.sweepExpired(now)).toBe(1);
    expect((await database.db('payment_token_vault').select('token_ref')).map((r) => r.token_ref)).toEqual(['fresh-ref']);
    await vault.discard('demo', 'fresh-ref');
  });
});
