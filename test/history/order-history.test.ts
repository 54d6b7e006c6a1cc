import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { ORDER_HISTORY_PROJECTION, orderHistoryProjection } from '../../server/src/history/order-history-projection';
import { newId } from '../../server/src/shared/ids';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { projectedUpToNow } from '../support/log-position';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const HISTORY = 'history { position version streamId streamType type occurredAt actor data }';

interface Entry {
  position: number;
  version: number;
  streamId: string;
  streamType: string;
  type: string;
  occurredAt: string;
  actor: string | null;
  data: Record<string, unknown>;
}

const historyCaughtUp = () => projectedUpToNow(testApp, ORDER_HISTORY_PROJECTION);

async function historyOf(orderId: string): Promise<Entry[]> {
  await historyCaughtUp();
  const { order } = await testApp.client.data<{ order: { history: Entry[] } }>(`query($id: ID!) { order(id: $id) { ${HISTORY} } }`, { id: orderId });
  return order.history;
}

async function snapshot(db: Knex) {
  return {
    links: await db('order_history').orderBy(['tenant_id', 'order_id', 'global_position']),
    refs: await db('order_history_refs').orderBy(['tenant_id', 'ref_id']),
  };
}

describe('Order.history', () => {
  it("tells the whole story of a placed order: its own, its checkout's, its payment's and its stock reservations' events, in log order", async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'HIST', { 'HIST-1': { amount: 400, stock: 5 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('HIST-1'), quantity: 2 }]);
    const otherOrderId = await draftOrder(client, [{ variantId: variantId('HIST-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'hist-1');
    await checkout(client, otherOrderId, 'tok_visa', 'hist-2');
    const placed = await settledOrder(client, orderId);
    await settledOrder(client, otherOrderId);

    const history = await historyOf(orderId);
    const types = history.map((e) => e.type);
    for (const type of [
      'OrderCreated',
      'ItemAddedToOrder',
      'CheckoutRequested',
      'CheckoutStarted',
      'StockReserved',
      'CheckoutStockReserved',
      'PaymentCreated',
      'PaymentAuthorized',
      'CheckoutPaymentAuthorized',
      'OrderPlaced',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.indexOf('OrderCreated')).toBe(0);
    expect(types.indexOf('CheckoutRequested')).toBeLessThan(types.indexOf('CheckoutStarted'));
    expect(types.indexOf('PaymentAuthorized')).toBeLessThan(types.indexOf('OrderPlaced'));
    const positions = history.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    expect(new Set(history.map((e) => e.streamType))).toEqual(new Set(['Order', 'Checkout', 'Payment', 'StockItem']));

    // Only this order's events, including those that carry no order id at all.
    const authorized = history.find((e) => e.type === 'PaymentAuthorized')!;
    expect(authorized).toMatchObject({ streamId: `payment-${placed.payment.id}`, version: 2, streamType: 'Payment' });
    expect(authorized.data).not.toHaveProperty('orderId');
    expect(history.filter((e) => e.type === 'OrderCreated')).toHaveLength(1);
    expect(history.every((e) => !JSON.stringify(e.data).includes(otherOrderId))).toBe(true);

    const created = history[0]!;
    expect(created).toMatchObject({ version: 1, streamId: `order-${orderId}`, actor: expect.stringMatching(/^user:/), data: { orderId } });
    // The order belongs to the account that created it.
    expect((created.data as { customerId?: string }).customerId).toBe(created.actor!.slice('user:'.length));
    expect(Number.isNaN(Date.parse(created.occurredAt))).toBe(false);
    expect(history.find((e) => e.type === 'StockReserved')!.data).toMatchObject({ sku: 'HIST-1', quantity: 2 });
    expect(history.find((e) => e.type === 'CheckoutRequested')!.data).toMatchObject({ orderId, paymentTokenRef: '[redacted]', total: { amount: 800 } });
    expect(JSON.stringify(history)).not.toContain('tok_visa');
  });

  it('links events of any type by the checkout, payment, shipment or reservation id they carry', async () => {
    const { client } = testApp;
    const { store } = testApp.app;
    const { variantId } = await stockedProduct(client, 'HLNK', { 'HLNK-1': { amount: 100, stock: 5 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('HLNK-1'), quantity: 1 }]);
    const shipmentId = newId();
    // Event types this context has never heard of: linked by the ids in their data alone.
    await store.append({ streamId: `shipment-${shipmentId}`, streamType: 'Shipment', expectedVersion: 0, events: [{ type: 'ShipmentCreated', data: { shipmentId, orderId, carrier: 'DHL', lines: [] } }] }, { tenantId: 'demo' });
    await store.append({ streamId: `shipment-${shipmentId}`, streamType: 'Shipment', expectedVersion: 1, events: [{ type: 'ParcelScanned', data: { shipmentId, depot: 'Leipzig' } }] }, { tenantId: 'demo' });
    await store.append({ streamId: `unrelated-${newId()}`, streamType: 'Other', expectedVersion: 0, events: [{ type: 'ParcelScanned', data: { shipmentId: newId(), depot: 'Elsewhere' } }] }, { tenantId: 'demo' });

    const history = await historyOf(orderId);
    expect(history.map((e) => e.type)).toEqual(['OrderCreated', 'ItemAddedToOrder', 'ShipmentCreated', 'ParcelScanned']);
    expect(history.at(-1)).toMatchObject({ streamType: 'Shipment', version: 2, actor: null, data: { depot: 'Leipzig' } });
  });

  it('is rebuilt from the events alone, equal to what the live projector built', async () => {
    const { db } = testApp.database;
    await historyCaughtUp();
    const live = await snapshot(db);
    expect(live.links.length).toBeGreaterThan(20);
    expect(live.refs.length).toBeGreaterThan(3);
    await rebuildProjection(db, testApp.app.store, orderHistoryProjection);
    expect(await snapshot(db)).toEqual(live);
  });
});
