import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockStreamId } from '../../server/src/inventory/events';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockUp } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { projectedUpToNow } from '../support/log-position';
import { countEvents, expectRejected } from '../support/rejections';

/** Issue 11, Found 1: receipts of a million units, over and over, for one SKU. */
const MILLION = 1_000_000;
const ON_HAND_LIMIT = 1_000_000_000;
/** Waiting for a positive signal, so generous: the projection applies a thousand events first. */
const SEED_PROJECTED_MS = 120_000;

const RECEIVE = 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku onHand warehouses { onHand } } }';
const ADJUST = 'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { sku onHand } }';
const STOCK_LEVEL = 'query($sku: String!) { stockLevel(sku: $sku) { onHand reserved available warehouses { onHand } } }';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

/** On hand of a SKU in its stream's events, every warehouse together: what the read model must show. */
async function onHandInEvents(tenantId: string, sku: string): Promise<number> {
  const rows: { event_type: string; data: { quantity?: number; quantityChange?: number } }[] = await testApp.database
    .db('events')
    .where({ tenant_id: tenantId, stream_id: stockStreamId(sku) })
    .select('event_type', 'data');
  return rows.reduce((sum, r) => sum + (r.event_type === 'StockReceived' ? r.data.quantity! : r.event_type === 'StockAdjusted' ? r.data.quantityChange! : 0), 0);
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe('on hand per SKU is bounded', () => {
  it('refuses the receipt that would pass the bound with BAD_USER_INPUT naming it, appends nothing, and another shop goes on answering promptly', async () => {
    await createProduct(testApp.client, { variants: [{ sku: 'BULK-BOLT', amount: 5 }] });
    const berlin = await stockUp(testApp.client, 'BOUND-BER', {});
    const amsterdam = await stockUp(testApp.client, 'BOUND-AMS', {});

    // 999 receipts of a million, recorded at once (as that many receiveStock calls would have)...
    const receipts = Array.from({ length: ON_HAND_LIMIT / MILLION - 1 }, () => ({ type: 'StockReceived', data: { sku: 'BULK-BOLT', warehouseId: berlin, quantity: MILLION } }));
    const seeded = await testApp.app.store.append({ streamId: stockStreamId('BULK-BOLT'), streamType: 'StockItem', expectedVersion: 0, events: receipts }, { tenantId: 'demo' });
    // (Applying them takes the projection a moment on a loaded machine: the API call below should not wait for that.)
    await testApp.app.projector.waitFor('inventory', seeded.checkpoint, SEED_PROJECTED_MS);
    // ...and the thousandth over the API: exactly the bound is still allowed.
    const { receiveStock } = await testApp.client.data<{ receiveStock: { onHand: number } }>(RECEIVE, { i: { sku: 'BULK-BOLT', warehouseId: berlin, quantity: MILLION } });
    expect(receiveStock.onHand).toBe(ON_HAND_LIMIT);

    const refused = await expectRejected(testApp, 'BAD_USER_INPUT', RECEIVE, { i: { sku: 'BULK-BOLT', warehouseId: berlin, quantity: MILLION } });
    expect(refused.message).toContain('1000000000');
    expect(refused.extensions).toMatchObject({ field: 'quantity', limit: ON_HAND_LIMIT, onHand: ON_HAND_LIMIT });
    // One unit more, by an adjustment or into another warehouse, passes the bound all the same.
    await expectRejected(testApp, 'BAD_USER_INPUT', ADJUST, { i: { sku: 'BULK-BOLT', warehouseId: berlin, quantityChange: 1, reason: 'found one' } });
    await expectRejected(testApp, 'BAD_USER_INPUT', RECEIVE, { i: { sku: 'BULK-BOLT', warehouseId: amsterdam, quantity: 1 } });
    // Going down is always possible.
    const { adjustStock } = await testApp.client.data<{ adjustStock: { onHand: number } }>(ADJUST, { i: { sku: 'BULK-BOLT', warehouseId: berlin, quantityChange: -MILLION, reason: 'count' } });
    expect(adjustStock.onHand).toBe(ON_HAND_LIMIT - MILLION);

    // The read model equals the events, and the projection passed all of them without parking any.
    await projectedUpToNow(testApp, 'inventory');
    const { stockLevel } = await testApp.client.data<{ stockLevel: { onHand: number } }>(STOCK_LEVEL, { sku: 'BULK-BOLT' });
    expect(stockLevel.onHand).toBe(await onHandInEvents('demo', 'BULK-BOLT'));
    expect(stockLevel.onHand).toBe(ON_HAND_LIMIT - MILLION);
    expect(await testApp.database.db('parked_events')).toEqual([]);

    // Another shop's inventory mutations answer at once (they waited 30 s and failed while the projection was stuck).
    const { client: other } = await testApp.clientAs('ADMIN', { shopId: 'bounds-other-shop' });
    await createProduct(other, { variants: [{ sku: 'OTHER-NUT', amount: 5 }] });
    const created = await timed(() => other.data<{ createWarehouse: { id: string } }>('mutation { createWarehouse(input: { code: "OTHER-1", name: "Other" }) { id } }'));
    const received = await timed(() => other.data<{ receiveStock: { onHand: number } }>(RECEIVE, { i: { sku: 'OTHER-NUT', warehouseId: created.result.createWarehouse.id, quantity: 20 } }));
    expect(received.result.receiveStock.onHand).toBe(20);
    expect(created.ms).toBeLessThan(EVENTUALLY_MS);
    expect(received.ms).toBeLessThan(EVENTUALLY_MS);
  }, SEED_PROJECTED_MS + 60_000);

  it('refuses a single receipt or adjustment above the per-command bound', async () => {
    await createProduct(testApp.client, { variants: [{ sku: 'BULK-NUT', amount: 5 }] });
    const warehouseId = await stockUp(testApp.client, 'BOUND-ONE', {});
    const tooMany = await expectRejected(testApp, 'BAD_USER_INPUT', RECEIVE, { i: { sku: 'BULK-NUT', warehouseId, quantity: MILLION + 1 } });
    expect(tooMany.message).toContain('1000000');
    await expectRejected(testApp, 'BAD_USER_INPUT', ADJUST, { i: { sku: 'BULK-NUT', warehouseId, quantityChange: MILLION + 1, reason: 'count' } });
  });
});

describe('read columns wide enough for any recorded event', () => {
  it('projects and reads on-hand figures beyond 32 bits exactly, from events recorded before the bound existed', async () => {
    await createProduct(testApp.client, { variants: [{ sku: 'LEGACY-BOLT', amount: 5 }] });
    const warehouseId = await stockUp(testApp.client, 'LEGACY-1', {});
    const before = await countEvents(testApp.database.db);
    // Events are facts: a log written before the bound may hold 2,148 receipts of a million.
    const receipts = Array.from({ length: 3 }, () => ({ type: 'StockReceived', data: { sku: 'LEGACY-BOLT', warehouseId, quantity: 1_000_000_000 } }));
    const appended = await testApp.app.store.append({ streamId: stockStreamId('LEGACY-BOLT'), streamType: 'StockItem', expectedVersion: 0, events: receipts }, { tenantId: 'demo' });
    expect(await countEvents(testApp.database.db)).toBe(before + 3);
    await testApp.app.projector.waitFor('inventory', appended.checkpoint, EVENTUALLY_MS);

    expect(await testApp.database.db('parked_events')).toEqual([]);
    const [row] = await testApp.database.db('inventory_stock_levels').where({ tenant_id: 'demo', sku: 'LEGACY-BOLT' }).select('on_hand', 'reserved');
    expect(row).toEqual({ on_hand: 3_000_000_000, reserved: 0 });
    const { stockLevel } = await testApp.client.data<{ stockLevel: { onHand: number; available: number; warehouses: { onHand: number }[] } }>(STOCK_LEVEL, { sku: 'LEGACY-BOLT' });
    expect(stockLevel).toMatchObject({ onHand: 3_000_000_000, available: 3_000_000_000, warehouses: [{ onHand: 3_000_000_000 }] });
  });
});
