import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createProduct } from '../support/catalog-fixtures';
import { expectRejected } from '../support/rejections';
import { projectedUpToNow } from '../support/log-position';
import { ORDER_HISTORY_PROJECTION } from '../../server/src/history/order-history-projection';
import { newId } from '../../server/src/shared/ids';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const ORDER = 'id status version items { sku quantity lineTotal { amount currency } } total { amount currency } createdAt updatedAt';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pastOrder(id: string, at: { asOf?: string; version?: number }, fields = ORDER) {
  const { order } = await testApp.client.data<{ order: any }>(`query($id: ID!, $asOf: DateTime, $version: Int) { order(id: $id, asOf: $asOf, version: $version) { ${fields} } }`, {
    id,
    ...at,
  });
  return order;
}

/** When the store recorded each event of the stream, as it says (not as the test's clock thinks). */
async function recordedTimes(streamId: string): Promise<Date[]> {
  const rows = await testApp.database.db('events').where({ stream_id: streamId }).orderBy('stream_version').select('recorded_at');
  return rows.map((r: { recorded_at: Date }) => new Date(r.recorded_at));
}

let products = 0;

async function orderWithTwoAdditions() {
  const { client } = testApp;
  products++;
  const skus = [`TT-${products}-A`, `TT-${products}-B`];
  const { variantId } = await createProduct(client, { variants: [{ sku: skus[0]!, amount: 300 }, { sku: skus[1]!, amount: 500 }] });
  const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
  const add = (sku: string, q: number) =>
    client.data('mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: createOrder.id, v: variantId(sku), q });
  await add(skus[0]!, 2);
  // A real gap: recorded_at is the writing transaction's start time, so the two additions get clearly different times.
  await sleep(20);
  await add(skus[1]!, 1);
  return { orderId: createOrder.id, first: { sku: skus[0]! }, second: { sku: skus[1]! } };
}

describe('order time travel', () => {
  it('shows exactly the first item as of a moment between two item additions, and at the version of the first addition', async () => {
    const { orderId, first } = await orderWithTwoAdditions();
    const [created, addedFirst, addedSecond] = await recordedTimes(`order-${orderId}`);
    expect(addedSecond!.getTime() - addedFirst!.getTime()).toBeGreaterThanOrEqual(10);
    const between = new Date(addedFirst!.getTime() + Math.floor((addedSecond!.getTime() - addedFirst!.getTime()) / 2));

    const expected = {
      id: orderId,
      status: 'DRAFT',
      version: 2,
      items: [{ sku: first.sku, quantity: 2, lineTotal: { amount: 600, currency: 'EUR' } }],
      total: { amount: 600, currency: 'EUR' },
      createdAt: created!.toISOString(),
    };
    expect(await pastOrder(orderId, { asOf: between.toISOString() })).toMatchObject(expected);
    expect(await pastOrder(orderId, { version: 2 })).toMatchObject(expected);

    const now = await pastOrder(orderId, { version: 3 });
    expect(now.items).toHaveLength(2);
    expect(now.total).toEqual({ amount: 1100, currency: 'EUR' });
    // Without a point in time the read table answers, and agrees with the rebuilt latest version.
    expect(await pastOrder(orderId, {})).toEqual(now);
    expect(await pastOrder(orderId, { asOf: new Date(Date.now() + 60_000).toISOString() })).toEqual(now);
  });

  it('returns null before the order existed and for an order that never existed', async () => {
    const { orderId } = await orderWithTwoAdditions();
    const [created] = await recordedTimes(`order-${orderId}`);
    expect(await pastOrder(orderId, { asOf: new Date(created!.getTime() - 1000).toISOString() })).toBeNull();
    expect(await pastOrder(newId(), { version: 1 })).toBeNull();
    expect(await pastOrder(newId(), { asOf: new Date().toISOString() })).toBeNull();
  });

  it('refuses asOf with version, a version below 1 and a version the order has not reached', async () => {
    const { orderId } = await orderWithTwoAdditions();
    const query = 'query($id: ID!, $asOf: DateTime, $version: Int) { order(id: $id, asOf: $asOf, version: $version) { id } }';
    await expectRejected(testApp, 'BAD_USER_INPUT', query, { id: orderId, asOf: new Date().toISOString(), version: 1 });
    await expectRejected(testApp, 'BAD_USER_INPUT', query, { id: orderId, version: 0 });
    await expectRejected(testApp, 'BAD_USER_INPUT', query, { id: orderId, version: -3 });
    await expectRejected(testApp, 'BAD_USER_INPUT', query, { id: orderId, version: 4 });
  });

  it('follows the order through checkout, and its history stops where the past view does', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'TTCO', { 'TTCO-1': { amount: 250, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('TTCO-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'tt-1');
    const placed = await settledOrder(client, orderId);
    expect(placed.version).toBe(4);
    expect(await pastOrder(orderId, { version: 3 })).toMatchObject({ status: 'CHECKOUT_PENDING', version: 3 });
    expect(await pastOrder(orderId, { version: 4 })).toMatchObject({ status: 'PLACED', version: 4, total: { amount: 250, currency: 'EUR' } });

    await projectedUpToNow(testApp, ORDER_HISTORY_PROJECTION);
    const atTwo = await pastOrder(orderId, { version: 2 }, 'history { type }');
    expect(atTwo.history.map((e: { type: string }) => e.type)).toEqual(['OrderCreated', 'ItemAddedToOrder']);
    const [, , requestedAt] = await recordedTimes(`order-${orderId}`);
    const asOfRequest = await pastOrder(orderId, { asOf: requestedAt!.toISOString() }, 'status history { type }');
    expect(asOfRequest.status).toBe('CHECKOUT_PENDING');
    expect(asOfRequest.history.map((e: { type: string }) => e.type)).toContain('CheckoutRequested');
    expect(asOfRequest.history.map((e: { type: string }) => e.type)).not.toContain('OrderPlaced');
  });
});
