import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderStreamId } from '../../server/src/ordering/events';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { GatedGateway } from '../support/gated-gateway';

let database: TestDatabase;
let gateway: GatedGateway;
let testApp: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new GatedGateway(new SimulatedGateway(database.db));
  testApp = await startTestApp({ database, paymentGateway: gateway });
});
afterAll(async () => {
  gateway.open();
  await testApp.stop();
  await database.drop();
});

describe('a checkout request keeps its payment token in the vault, written with the request itself', () => {
  it('while the checkout runs, its idempotency key with another token is a CONFLICT that changes nothing; the same request again is answered', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'IDEMRUN', { 'IDEMRUN-1': { amount: 800, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('IDEMRUN-1'), quantity: 1 }]);
    const first = await checkout(client, orderId, 'tok_visa', 'run-key');
    expect(first.errors).toBeUndefined();
    // The checkout is held at the gateway: its token is in the vault, under the request's reference.
    await gateway.held();
    const ref = PaymentTokenVault.refFor(orderId, 'run-key');
    expect(await database.db('payment_token_vault').where({ tenant_id: 'demo', token_ref: ref }).pluck('token')).toEqual(['tok_visa']);

    const other = await checkout(client, orderId, 'tok_ok_other', 'run-key');
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const same = await checkout(client, orderId, 'tok_visa', 'run-key');
    expect(same.errors).toBeUndefined();
    expect(same.data?.checkoutOrder.status).toBe('CHECKOUT_PENDING');
    expect(await database.db('payment_token_vault').where({ tenant_id: 'demo', token_ref: ref }).pluck('token')).toEqual(['tok_visa']);

    gateway.open();
    expect(await settledOrder(client, orderId)).toMatchObject({ status: 'PLACED', payment: { status: 'AUTHORIZED' } });
    const requests = await database.db('events').where({ tenant_id: 'demo', stream_id: orderStreamId(orderId), event_type: 'CheckoutRequested' }).select('global_position', 'transaction_id');
    expect(requests).toHaveLength(1);
  });

  it('a request refused (an empty order) leaves no token behind: the row is written only with the request', async () => {
    const { client } = testApp;
    const orderId = (await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }')).createOrder.id;
    const refused = await checkout(client, orderId, 'tok_visa', 'empty-key');
    expect(refused.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect(await database.db('payment_token_vault').where({ tenant_id: 'demo', token_ref: PaymentTokenVault.refFor(orderId, 'empty-key') }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});
