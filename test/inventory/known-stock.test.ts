import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSkuRegistry } from '../../server/src/catalog/sku-registry';
import { fold } from '../../server/src/commands/decider';
import { KnownStreams } from '../../server/src/commands/known-streams';
import { SnapshotStore, useSnapshots } from '../../server/src/commands/snapshots';
import { EventStore } from '../../server/src/eventstore/event-store';
import { InsufficientStockError } from '../../server/src/inventory/errors';
import { STOCK_STREAM_TYPE, stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { InventoryService } from '../../server/src/inventory/inventory-service';
import { reservationOf, shownReservations, stockDecider, totals, type StockState } from '../../server/src/inventory/stock-decider';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsRead } from '../support/rows-read';

/**
 * A node decides a SKU's next command on the stock its own last command left (no load). Another
 * node's commands make that guess stale: the append then conflicts, or a refusal or an empty
 * decision on it is taken again on a load, so a stale guess never oversells nor refuses wrongly.
 */
let database: TestDatabase;
let store: EventStore;
/** Two nodes on one database: each remembers what its own commands left. */
let nodeA: InventoryService;
let nodeB: InventoryService;
const tenantId = 'demo';
const ctx = { tenantId, metadata: { actor: 'test' } };
/** A warehouse that exists, so its code (which reservations rank warehouses by) is found and kept once. */
let WAREHOUSE: string;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  useSnapshots(store, new SnapshotStore(database.db));
  nodeA = new InventoryService(store, new CatalogSkuRegistry(store));
  nodeB = new InventoryService(store, new CatalogSkuRegistry(store));
  WAREHOUSE = (await nodeA.createWarehouse({ code: 'MAIN', name: 'Main' }, ctx)).warehouseId;
});
afterAll(() => database.drop());

let skus = 0;
/** A SKU with `units` received, written straight into its stream (as another node's receipt would be). */
async function skuWith(units: number): Promise<string> {
  const sku = `KNOWN-${++skus}`;
  await receivedElsewhere(sku, units);
  return sku;
}

async function receivedElsewhere(sku: string, units: number) {
  const version = (await store.readStream(stockStreamId(sku), { tenantId })).length;
  const event: StockEvent = { type: 'StockReceived', data: { sku, warehouseId: WAREHOUSE, quantity: units } };
  await store.append({ streamId: stockStreamId(sku), streamType: STOCK_STREAM_TYPE, expectedVersion: version, events: [event] }, { tenantId });
}

const stockOf = async (sku: string): Promise<StockState> => fold(stockDecider, (await store.readStream(stockStreamId(sku), { tenantId })) as unknown as StockEvent[]);
const reserve = (node: InventoryService, reservationId: string, lines: { sku: string; quantity: number }[]) =>
  node.reserve({ reservationId, orderId: `order-${reservationId}`, lines, expiresAt: null }, ctx);

describe.each([
  { path: 'one SKU (group commit)', lines: (sku: string, other: string) => [{ sku, quantity: 1 }] },
  { path: 'several SKUs at once', lines: (sku: string, other: string) => [{ sku, quantity: 1 }, { sku: other, quantity: 1 }] },
])('stock commands on $path', ({ lines }) => {
  it("decide the node's next command on what its last one left, reading no stream", async () => {
    const [sku, other] = [await skuWith(10), await skuWith(10)];
    await reserve(nodeA, `${sku}-1`, lines(sku, other));
    const { queries } = await rowsRead(database.db, () => reserve(nodeA, `${sku}-2`, lines(sku, other)));
    expect(queries).toBe(0);
    const { queries: confirming } = await rowsRead(database.db, () => nodeA.confirm(`${sku}-2`, lines(sku, other).map((l) => l.sku), ctx));
    expect(confirming).toBe(0);
    const stock = await stockOf(sku);
    expect(totals(stock).reserved).toBe(2);
    expect(reservationOf(stock, `${sku}-2`)?.status).toBe('CONFIRMED');
  });

  it('never oversell on a stale guess: the append conflicts, and the load finds the stock gone', async () => {
    const [sku, other] = [await skuWith(2), await skuWith(10)];
    await reserve(nodeA, `${sku}-a`, lines(sku, other)); // node A: 1 left
    await reserve(nodeB, `${sku}-b`, lines(sku, other)); // node B takes it
    await expect(reserve(nodeA, `${sku}-c`, lines(sku, other))).rejects.toBeInstanceOf(InsufficientStockError);
    const stock = await stockOf(sku);
    expect(totals(stock)).toMatchObject({ onHand: 2, reserved: 2 });
    expect(shownReservations(stock).map((r) => r.reservationId).sort()).toEqual([`${sku}-a`, `${sku}-b`]);
  });

  it('take a refusal on a stale guess again on a load: stock received elsewhere is reserved', async () => {
    const [sku, other] = [await skuWith(1), await skuWith(10)];
    await reserve(nodeA, `${sku}-a`, lines(sku, other)); // node A: none left
    await receivedElsewhere(sku, 1);
    await reserve(nodeA, `${sku}-b`, lines(sku, other));
    expect(totals(await stockOf(sku))).toMatchObject({ onHand: 2, reserved: 2 });
  });

  it('take an empty decision on a stale guess again on a load: a reservation made elsewhere is released', async () => {
    const [sku, other] = [await skuWith(5), await skuWith(10)];
    await reserve(nodeA, `${sku}-a`, lines(sku, other)); // node A knows nothing of the next one
    await reserve(nodeB, `${sku}-b`, lines(sku, other));
    await nodeA.release(`${sku}-b`, lines(sku, other).map((l) => l.sku), 'CHECKOUT_FAILED', ctx);
    const stock = await stockOf(sku);
    expect(stock.finished.map((r) => [r.reservationId, r.status])).toEqual([[`${sku}-b`, 'RELEASED']]);
    expect(totals(stock).reserved).toBe(1);
  });

  it('answer a repeated reservation made through another node as it stands, appending nothing', async () => {
    const [sku, other] = [await skuWith(5), await skuWith(10)];
    await reserve(nodeA, `${sku}-a`, lines(sku, other));
    await reserve(nodeB, `${sku}-b`, lines(sku, other));
    const again = await reserve(nodeA, `${sku}-b`, lines(sku, other));
    expect(again.append).toBeUndefined();
    expect(again.lines[0]).toMatchObject({ sku, quantity: 1, status: 'ACTIVE' });
    expect(totals(await stockOf(sku)).reserved).toBe(2);
  });
});

describe('KnownStreams', () => {
  const stream = (streamId: string, size: number) => ({ streamId, state: { size }, version: 1 });

  it('keeps streams per shop', () => {
    const known = new KnownStreams<{ size: number }>({ max: 10, size: { max: 100, of: (s) => s.size } });
    known.remember('shop-a', stream('s', 1));
    expect(known.get('shop-a', 's')).toMatchObject({ streamId: 's' });
    expect(known.get('shop-b', 's')).toBeUndefined();
    known.forget('shop-a', 's');
    expect(known.get('shop-a', 's')).toBeUndefined();
  });

  it('lets the least recently used go past its count or its size', () => {
    const known = new KnownStreams<{ size: number }>({ max: 3, size: { max: 10, of: (s) => s.size } });
    for (const id of ['a', 'b', 'c']) known.remember('shop', stream(id, 2));
    known.get('shop', 'a');
    known.remember('shop', stream('d', 2)); // a fourth: b, the least recently used, goes
    expect(['a', 'b', 'c', 'd'].map((id) => known.get('shop', id) !== undefined)).toEqual([true, false, true, true]);
    known.remember('shop', stream('big', 8)); // 14 > 10: the oldest go until it fits
    expect(known.get('shop', 'big')).toBeDefined();
    expect(['a', 'c', 'd'].filter((id) => known.get('shop', id) !== undefined).length).toBeLessThanOrEqual(1);
  });
});
