import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSkuRegistry } from '../../server/src/catalog/sku-registry';
import { fold, snapshotInterval } from '../../server/src/commands/decider';
import { SnapshotStore, useSnapshots } from '../../server/src/commands/snapshots';
import { EventStore } from '../../server/src/eventstore/event-store';
import { InsufficientStockError } from '../../server/src/inventory/errors';
import { STOCK_STREAM_TYPE, stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { inventoryProjection } from '../../server/src/inventory/inventory-projection';
import { InventoryService } from '../../server/src/inventory/inventory-service';
import { FINISHED_RESERVATIONS_KEPT, heldReservations, RECENTLY_FINISHED_SHOWN, shownReservations, stockDecider, type StockState } from '../../server/src/inventory/stock-decider';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsRead } from '../support/rows-read';

let database: TestDatabase;
let store: EventStore;
let service: InventoryService;
const tenantId = 'demo';
const ctx = { tenantId, metadata: { actor: 'test' } };
const WAREHOUSE = '00000000-0000-4000-8000-000000000001';
/** The snapshot interval of a SKU with no open reservation, as every SKU below has. */
const EVERY = snapshotInterval(stockDecider.snapshot!, stockDecider.initialState());

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  useSnapshots(store, new SnapshotStore(database.db));
  service = new InventoryService(store, new CatalogSkuRegistry(store));
});
afterAll(() => database.drop());

/**
 * A SKU's history as checkouts leave it: stock received, then reservations that are released
 * (failed or expired checkouts) or confirmed and shipped, in whole or in two parts.
 */
function history(sku: string, count: number, firstReservation = 0): StockEvent[] {
  const events: StockEvent[] = [];
  const allocations = [{ warehouseId: WAREHOUSE, quantity: 2 }];
  for (let i = firstReservation; events.length < count; i++) {
    const reservationId = `${sku}-r${i}`;
    events.push({ type: 'StockReserved', data: { sku, reservationId, orderId: `o${i}`, quantity: 2, allocations, expiresAt: '2026-11-30T12:00:00.000Z' } });
    if (i % 3 === 0) events.push({ type: 'StockReservationReleased', data: { sku, reservationId, reason: i % 2 ? 'EXPIRED' : 'CHECKOUT_FAILED', allocations } });
    if (i % 3 === 1) {
      events.push({ type: 'StockReservationConfirmed', data: { sku, reservationId } });
      events.push({ type: 'StockReservationCommitted', data: { sku, reservationId, allocations } });
      events.push({ type: 'StockReceived', data: { sku, warehouseId: WAREHOUSE, quantity: 2 } });
    }
    if (i % 3 === 2) {
      const one = [{ warehouseId: WAREHOUSE, quantity: 1 }];
      events.push({ type: 'StockReservationConfirmed', data: { sku, reservationId } });
      events.push({ type: 'StockReservationCommitted', data: { sku, reservationId, allocations: one, quantity: 1, commitId: `${reservationId}-s1` } });
      events.push({ type: 'StockReservationCommitted', data: { sku, reservationId, allocations: one, quantity: 1, commitId: `${reservationId}-s2` } });
      events.push({ type: 'StockReceived', data: { sku, warehouseId: WAREHOUSE, quantity: 2 } });
    }
  }
  return events.slice(0, count) satisfies StockEvent[];
}

/** Writes events straight into a SKU's stream, many per append (no command, so no snapshot). */
async function appendStock(sku: string, events: StockEvent[], batch = 500) {
  let version = (await store.readStream(stockStreamId(sku), { tenantId })).length;
  for (let i = 0; i < events.length; i += batch) {
    const chunk = events.slice(i, i + batch);
    await store.appendToStreams([{ streamId: stockStreamId(sku), streamType: STOCK_STREAM_TYPE, expectedVersion: version, events: chunk }], { tenantId });
    version += chunk.length;
  }
}

async function fullFold(sku: string): Promise<StockState> {
  return fold(stockDecider, (await store.readStream(stockStreamId(sku), { tenantId })) as unknown as StockEvent[]);
}

/** A loaded state is the folded one: every field, and the reservations in the same order. */
function expectSameState(loaded: StockState, folded: StockState) {
  expect(loaded).toEqual(folded);
  expect(shownReservations(loaded).map((r) => r.reservationId)).toEqual(shownReservations(folded).map((r) => r.reservationId));
  expect(loaded.finished.map((r) => r.reservationId)).toEqual(folded.finished.map((r) => r.reservationId));
}

const snapshotOf = async (sku: string) =>
  (await database.db('stream_snapshots').where({ tenant_id: tenantId, stream_id: stockStreamId(sku) }).first()) as
    | { stream_version: number; state_version: string; state: StockState }
    | undefined;

// First, so the projection has only this test's events to go through.
describe('the stock read model', () => {
  it('reopens the row of a reservation id reserved again after the state forgot it', async () => {
    const sku = 'AGAIN-1';
    const allocations = [{ warehouseId: WAREHOUSE, quantity: 1 }];
    await appendStock(sku, [
      { type: 'StockReceived', data: { sku, warehouseId: WAREHOUSE, quantity: 3 } },
      { type: 'StockReserved', data: { sku, reservationId: 'again', orderId: 'o-1', quantity: 1, allocations, expiresAt: null } },
      { type: 'StockReservationReleased', data: { sku, reservationId: 'again', reason: 'EXPIRED', allocations } },
      { type: 'StockReserved', data: { sku, reservationId: 'again', orderId: 'o-1', quantity: 1, allocations, expiresAt: null } },
    ]);
    for (;;) {
      const batch = await runProjectionBatch(database.db, store, inventoryProjection, 1000);
      if (batch.heldBack) await new Promise((resolve) => setTimeout(resolve, 20));
      else if (batch.read === 0) break;
    }
    const row = await database.db('inventory_reservations').where({ tenant_id: tenantId, reservation_id: 'again', sku }).first();
    expect(row).toMatchObject({ status: 'ACTIVE', quantity: 1 });
    const level = await database.db('inventory_stock_levels').where({ tenant_id: tenantId, sku }).first();
    expect(level).toMatchObject({ on_hand: 3, reserved: 1 });
  });
});

describe('stock loads from a snapshot', () => {
  const SKU = 'LONG-1';
  /** Appended without a command, so no snapshot covers them: fewer than a snapshot interval. */
  const tail = history(SKU, EVERY - 3, 5000);

  beforeAll(async () => {
    await appendStock(SKU, [{ type: 'StockReceived', data: { sku: SKU, warehouseId: WAREHOUSE, quantity: 1000 } }, ...history(SKU, 1999)]);
  });

  it('reads the stream once, keeps a snapshot, then reads only the snapshot and the events after it', async () => {
    const first = await rowsRead(database.db, () => service.reserve({ reservationId: 'long-a', orderId: 'o-a', lines: [{ sku: SKU, quantity: 1 }], expiresAt: null }, ctx));
    // No snapshot yet: the whole stream, once.
    expect(first.rows).toBe(2000);
    expect(await snapshotOf(SKU)).toMatchObject({ stream_version: 2001, state_version: stockDecider.snapshot!.version });

    // Another node: this one would decide on the state its reservation left, reading nothing (see known-stock.test.ts).
    const otherNode = new InventoryService(store, new CatalogSkuRegistry(store));
    const second = await rowsRead(database.db, () => otherNode.release('long-a', [SKU], 'CHECKOUT_FAILED', ctx));
    expect(second.rows).toBe(1);

    await appendStock(SKU, tail);
    const { result: loaded, rows, queries } = await rowsRead(database.db, () => service.loadStock(tenantId, SKU));
    expect(queries).toBe(1);
    expect(rows).toBe(1 + 1 + tail.length);
    expect(rows).toBeLessThanOrEqual(EVERY + 1);
    expectSameState(loaded, await fullFold(SKU));
  });

  it('keeps the loaded state small however long the stream', async () => {
    const state = await service.loadStock(tenantId, SKU);
    expect(state.finished).toHaveLength(FINISHED_RESERVATIONS_KEPT);
    expect(state.finished.every((r) => (r.status === 'RELEASED' || r.status === 'COMMITTED') && r.held.length === 0)).toBe(true);
    const open = shownReservations(state).filter((r) => r.status === 'ACTIVE' || r.status === 'CONFIRMED');
    // What the last reservations of the history left open, and the newest few finished ones.
    expect(open.length).toBeLessThanOrEqual(2);
    expect(heldReservations(state)).toBeLessThanOrEqual(open.length + RECENTLY_FINISHED_SHOWN);
    expect(JSON.stringify(state).length).toBeLessThan(40_000);
  });

  it('ignores a snapshot of an older state shape, and replaces it', async () => {
    await database.db('stream_snapshots')
      .where({ tenant_id: tenantId, stream_id: stockStreamId(SKU) })
      .update({ state_version: 'stock-v1', state: JSON.stringify({ sku: SKU, warehouses: {}, reservations: {} }) });
    const { result: loaded, rows } = await rowsRead(database.db, () => service.loadStock(tenantId, SKU));
    expect(rows).toBe(2002 + tail.length);
    expectSameState(loaded, await fullFold(SKU));

    await service.reserve({ reservationId: 'long-b', orderId: 'o-b', lines: [{ sku: SKU, quantity: 1 }], expiresAt: null }, ctx);
    expect(await snapshotOf(SKU)).toMatchObject({ stream_version: 2002 + tail.length + 1, state_version: stockDecider.snapshot!.version });
    const after = await rowsRead(database.db, () => service.loadStock(tenantId, SKU));
    expect(after.rows).toBe(1);
    expectSameState(after.result, await fullFold(SKU));
  });

  it('plans a shipment commit from the snapshot too', async () => {
    await service.confirm('long-b', [SKU], ctx);
    const { result: appends, rows } = await rowsRead(database.db, () => service.planCommit('long-b', [{ sku: SKU, quantity: 1 }], 'ship-b', tenantId));
    expect(rows).toBeLessThanOrEqual(EVERY + 1);
    const head = (await store.readStream(stockStreamId(SKU), { tenantId })).length;
    expect(appends).toEqual([
      {
        streamId: stockStreamId(SKU),
        streamType: STOCK_STREAM_TYPE,
        expectedVersion: head,
        events: [{ type: 'StockReservationCommitted', data: { sku: SKU, reservationId: 'long-b', allocations: [{ warehouseId: WAREHOUSE, quantity: 1 }], quantity: 1, commitId: 'ship-b' } }],
      },
    ]);
  });
});

describe('stock snapshots of a SKU with many open reservations', () => {
  const SKU = 'OPEN-1';

  it('are kept further apart as the open reservations grow: 10 + open/4 events', async () => {
    await appendStock(SKU, [{ type: 'StockReceived', data: { sku: SKU, warehouseId: WAREHOUSE, quantity: 1_000 } }]);
    // Each reservation stays open (confirmed, not shipped): one event each.
    const snapshotVersions: number[] = [];
    for (let i = 0; i < 160; i++) {
      await service.reserve({ reservationId: `open-${i}`, orderId: `o-${i}`, lines: [{ sku: SKU, quantity: 1 }], expiresAt: null }, ctx);
      const version = (await snapshotOf(SKU))?.stream_version;
      if (version !== undefined && version !== snapshotVersions.at(-1)) snapshotVersions.push(version);
    }
    const gaps = snapshotVersions.map((version, i) => version - (snapshotVersions[i - 1] ?? 0));
    // The state after the event that is due decides: with `open` reservations, 10 + ⌊open/4⌋ since the last one.
    expect(gaps).toEqual(snapshotVersions.map((version) => 10 + Math.floor((version - 1) / 4)));
    // The first at version 12 (11 open: 10 + 2), the last at 118 (117 open: 39 after the one before).
    expect(snapshotVersions).toEqual([12, 28, 50, 79, 118]);
  });
});

describe('stock commands without their snapshot', () => {
  const SKU = 'GONE-1';

  it('decide the same once the snapshot is deleted', async () => {
    await appendStock(SKU, [{ type: 'StockReceived', data: { sku: SKU, warehouseId: WAREHOUSE, quantity: 5 } }]);
    // Enough real commands for snapshots to be kept along the way.
    for (let i = 0; i < 70; i++) {
      await service.reserve({ reservationId: `gone-${i}`, orderId: `o-${i}`, lines: [{ sku: SKU, quantity: 2 }], expiresAt: null }, ctx);
      await service.release(`gone-${i}`, [SKU], 'CHECKOUT_FAILED', ctx);
    }
    await service.reserve({ reservationId: 'kept', orderId: 'o-kept', lines: [{ sku: SKU, quantity: 3 }], expiresAt: null }, ctx);
    expect((await snapshotOf(SKU))?.stream_version).toBeGreaterThanOrEqual(EVERY);

    const deleted = await database.db('stream_snapshots').where({ tenant_id: tenantId, stream_id: stockStreamId(SKU) }).delete();
    expect(deleted).toBe(1);

    // Only 2 of 5 are left: 3 more do not fit, whatever a snapshot said or did not say.
    await expect(service.reserve({ reservationId: 'more', orderId: 'o-more', lines: [{ sku: SKU, quantity: 3 }], expiresAt: null }, ctx)).rejects.toBeInstanceOf(
      InsufficientStockError,
    );
    // Reserving again finds the earlier reservation and takes nothing.
    const again = await service.reserve({ reservationId: 'kept', orderId: 'o-kept', lines: [{ sku: SKU, quantity: 3 }], expiresAt: null }, ctx);
    expect(again.append).toBeUndefined();
    expect(again.lines).toEqual([{ sku: SKU, quantity: 3, status: 'ACTIVE', allocations: [{ warehouseId: WAREHOUSE, quantity: 3 }] }]);
    // A recently finished reservation still answers as before.
    expect((await service.release('gone-69', [SKU], 'CHECKOUT_FAILED', ctx)).append).toBeUndefined();
    expect((await service.confirm('kept', [SKU], ctx)).append).toBeDefined();
    // The command that found no snapshot kept a new one.
    expect((await snapshotOf(SKU))?.stream_version).toBeGreaterThanOrEqual(141);
    expectSameState(await service.loadStock(tenantId, SKU), await fullFold(SKU));
    expect((await service.loadStock(tenantId, SKU)).warehouses[WAREHOUSE]).toEqual({ onHand: 5, reserved: 3 });
  });
});
