import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSkuRegistry } from '../../server/src/catalog/sku-registry';
import { skuStreamId } from '../../server/src/catalog/events';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import { InsufficientStockError } from '../../server/src/inventory/errors';
import { stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { inventoryProjection } from '../../server/src/inventory/inventory-projection';
import { InventoryQueries } from '../../server/src/inventory/inventory-queries';
import { InventoryService } from '../../server/src/inventory/inventory-service';
import { handleMultiStreamCommand } from '../../server/src/commands/multi-stream-command';
import { ReservationExpiry } from '../../server/src/inventory/reservation-expiry';
import { available, reservationOf, stockDecider } from '../../server/src/inventory/stock-decider';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { ConflictError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;
let service: InventoryService;
let queries: InventoryQueries;
let berlin: string;
let amsterdam: string;
const ctx = { tenantId: 'demo', metadata: { actor: 'test' } };
const logger = createLogger('silent');

/** Claims SKUs the way the catalog does, so the real catalog-backed registry sees them. */
async function catalogKnows(...skus: string[]) {
  for (const sku of skus) {
    await store.append({ streamId: skuStreamId(sku), streamType: 'Sku', expectedVersion: 0, events: [{ type: 'SkuAssigned', data: { sku, productId: newId(), variantId: newId() } }] }, { tenantId: 'demo' });
  }
}

const stream = (sku: string) => store.readStream(stockStreamId(sku), { tenantId: 'demo' });
/** Applies everything appended so far to the inventory read model. */
async function project() {
  for (;;) {
    const batch = await runProjectionBatch(database.db, store, inventoryProjection, 500);
    if (batch.heldBack) await new Promise((resolve) => setTimeout(resolve, 20));
    else if (batch.read === 0) return;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  service = new InventoryService(store, new CatalogSkuRegistry(store));
  queries = new InventoryQueries(database.db);
  berlin = (await service.createWarehouse({ code: 'ber-1', name: 'Berlin' }, ctx)).warehouseId;
  amsterdam = (await service.createWarehouse({ code: 'AMS-1', name: 'Amsterdam' }, ctx)).warehouseId;
});
afterAll(() => database.drop());

describe('warehouses and receiving stock', () => {
  it('keeps warehouse codes unique, case-insensitively, appending nothing for the loser', async () => {
    await expect(service.createWarehouse({ code: 'BER-1', name: 'Berlin again' }, ctx)).rejects.toBeInstanceOf(ConflictError);
    await project();
    expect((await queries.warehouses('demo')).map((w) => w.code)).toEqual(['AMS-1', 'BER-1']);
  });

  it('receives stock only into an existing warehouse and for a SKU the catalog knows', async () => {
    await catalogKnows('RECV-1');
    await expect(service.receiveStock({ sku: 'RECV-1', warehouseId: newId(), quantity: 1 }, ctx)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.receiveStock({ sku: 'UNKNOWN-SKU', warehouseId: berlin, quantity: 1 }, ctx)).rejects.toBeInstanceOf(NotFoundError);
    expect(await stream('UNKNOWN-SKU')).toHaveLength(0);
    await service.receiveStock({ sku: 'RECV-1', warehouseId: berlin, quantity: 4 }, ctx);
    await project();
    expect(await queries.stockLevel('demo', 'RECV-1')).toMatchObject({ onHand: 4, reserved: 0, available: 4 });
  });
});

describe('reserving several SKUs', () => {
  it('is all or nothing: a short SKU fails the whole reservation, naming every short SKU, appending nothing', async () => {
    await catalogKnows('MULTI-A', 'MULTI-B', 'MULTI-C');
    await service.receiveStock({ sku: 'MULTI-A', warehouseId: berlin, quantity: 5 }, ctx);
    await service.receiveStock({ sku: 'MULTI-B', warehouseId: amsterdam, quantity: 1 }, ctx);
    const before = await Promise.all(['MULTI-A', 'MULTI-B', 'MULTI-C'].map(async (sku) => (await stream(sku)).length));

    const attempt = service.reserve(
      { reservationId: 'res-multi', orderId: 'order-1', expiresAt: null, lines: [{ sku: 'MULTI-A', quantity: 2 }, { sku: 'MULTI-B', quantity: 2 }, { sku: 'MULTI-C', quantity: 1 }] },
      ctx,
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect((error as InsufficientStockError).code).toBe('INVALID_STATE');
    expect((error as InsufficientStockError).skus).toEqual(['MULTI-B', 'MULTI-C']);
    const after = await Promise.all(['MULTI-A', 'MULTI-B', 'MULTI-C'].map(async (sku) => (await stream(sku)).length));
    expect(after).toEqual(before);
  });

  it('records one event on each SKU stream in one transaction, and a repeat is a no-op returning the reservation', async () => {
    const input = { reservationId: 'res-ok', orderId: 'order-2', expiresAt: null, lines: [{ sku: 'MULTI-B', quantity: 1 }, { sku: 'MULTI-A', quantity: 2 }] };
    const first = await service.reserve(input, ctx);
    expect(first.append?.events.map((e) => [e.streamId, e.type])).toEqual([
      [stockStreamId('MULTI-A'), 'StockReserved'],
      [stockStreamId('MULTI-B'), 'StockReserved'],
    ]);
    expect(new Set(first.append!.events.map((e) => e.transactionId)).size).toBe(1);
    const again = await service.reserve(input, ctx);
    expect(again.append).toBeUndefined();
    expect(again.lines).toEqual([
      { sku: 'MULTI-A', quantity: 2, status: 'ACTIVE', allocations: [{ warehouseId: berlin, quantity: 2 }] },
      { sku: 'MULTI-B', quantity: 1, status: 'ACTIVE', allocations: [{ warehouseId: amsterdam, quantity: 1 }] },
    ]);
  });

  it('confirms, commits and releases idempotently across the SKUs', async () => {
    const skus = ['MULTI-A', 'MULTI-B'];
    expect((await service.confirm('res-ok', skus, ctx)).append?.events).toHaveLength(2);
    expect((await service.confirm('res-ok', skus, ctx)).append).toBeUndefined();
    expect((await service.commit('res-ok', skus, ctx)).append?.events).toHaveLength(2);
    expect((await service.commit('res-ok', skus, ctx)).append).toBeUndefined();
    expect((await service.release('res-ok', skus, 'CANCELLED', ctx)).append).toBeUndefined();
    expect((await service.release('never-reserved', skus, 'CHECKOUT_FAILED', ctx)).append).toBeUndefined();
    const a = await service.loadStock('demo', 'MULTI-A');
    expect(a.warehouses[berlin]).toEqual({ onHand: 3, reserved: 0 });
  });

  it('refuses to adjust on-hand below what is reserved', async () => {
    await catalogKnows('ADJ-1');
    await service.receiveStock({ sku: 'ADJ-1', warehouseId: berlin, quantity: 3 }, ctx);
    await service.reserve({ reservationId: 'res-adj', orderId: 'o', expiresAt: null, lines: [{ sku: 'ADJ-1', quantity: 2 }] }, ctx);
    await expect(service.adjustStock({ sku: 'ADJ-1', warehouseId: berlin, quantityChange: -2, reason: 'damage' }, ctx)).rejects.toBeInstanceOf(InvalidStateError);
    await service.adjustStock({ sku: 'ADJ-1', warehouseId: berlin, quantityChange: -1, reason: 'damage' }, ctx);
    expect((await service.loadStock('demo', 'ADJ-1')).warehouses[berlin]).toEqual({ onHand: 2, reserved: 2 });
  });
});

describe('concurrent reservations of one SKU', () => {
  it('stock 10, 40 concurrent reservations of 1: exactly 10 succeed and available never goes below zero', async () => {
    await catalogKnows('HOT-1');
    await service.receiveStock({ sku: 'HOT-1', warehouseId: berlin, quantity: 6 }, ctx);
    await service.receiveStock({ sku: 'HOT-1', warehouseId: amsterdam, quantity: 4 }, ctx);

    // Four services stand for four server processes: within one, same-SKU writers queue up; between
    // them only the stream version keeps them apart.
    const processes = [service, ...[1, 2, 3].map(() => new InventoryService(store, new CatalogSkuRegistry(store)))];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => processes[i % processes.length]!.reserve({ reservationId: `hot-${i}`, orderId: `order-${i}`, expiresAt: null, lines: [{ sku: 'HOT-1', quantity: 1 }] }, ctx)),
    );
    const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(succeeded).toHaveLength(10);
    expect(failed).toHaveLength(30);
    for (const f of failed) expect(f.reason).toBeInstanceOf(InsufficientStockError);

    const events = (await stream('HOT-1')) as unknown as StockEvent[];
    expect(events.filter((e) => e.type === 'StockReserved')).toHaveLength(10);
    let state = stockDecider.initialState();
    for (const event of events) {
      state = stockDecider.evolve(state, event);
      for (const w of Object.values(state.warehouses)) expect(available(w)).toBeGreaterThanOrEqual(0);
    }
    expect(state.warehouses).toEqual({ [berlin]: { onHand: 6, reserved: 6 }, [amsterdam]: { onHand: 4, reserved: 4 } });
    await project();
    expect(await queries.stockLevel('demo', 'HOT-1')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
  });
});

describe('deciding on several streams', () => {
  /** Reserves `quantity` of a SKU; in the first round another writer takes 6 units away before the append. */
  async function reserveWhileStockIsDamaged(sku: string, quantity: number) {
    const seen: number[] = [];
    const outcome = await handleMultiStreamCommand(
      store,
      stockDecider,
      [stockStreamId(sku)],
      async (states) => {
        const state = states.get(stockStreamId(sku))!;
        seen.push(state.warehouses[berlin]!.onHand);
        const decided = stockDecider.decide({ type: 'ReserveStock', sku, reservationId: `race-${sku}`, orderId: 'o', quantity, expiresAt: null }, state);
        if (seen.length === 1) await service.adjustStock({ sku, warehouseId: berlin, quantityChange: -6, reason: 'damage' }, ctx);
        return new Map([[stockStreamId(sku), decided]]);
      },
      ctx,
    ).catch((error: unknown) => error);
    return { seen, outcome, types: (await stream(sku)).map((e) => e.type) };
  }

  it('decides again on the fresh state when another writer appended in between, recording the decision once', async () => {
    await catalogKnows('RACE-1');
    await service.receiveStock({ sku: 'RACE-1', warehouseId: berlin, quantity: 7 }, ctx);
    const { seen, outcome, types } = await reserveWhileStockIsDamaged('RACE-1', 1);
    expect(seen).toEqual([7, 1]);
    expect((outcome as { append: { events: unknown[] } }).append.events).toHaveLength(1);
    expect(types).toEqual(['StockReceived', 'StockAdjusted', 'StockReserved']);
  });

  it('never records a decision taken on a stale state: what fitted before the other write is rejected after it', async () => {
    await catalogKnows('RACE-2');
    await service.receiveStock({ sku: 'RACE-2', warehouseId: berlin, quantity: 7 }, ctx);
    const { seen, outcome, types } = await reserveWhileStockIsDamaged('RACE-2', 3);
    expect(seen).toEqual([7, 1]);
    expect(outcome).toBeInstanceOf(InsufficientStockError);
    expect(types).toEqual(['StockReceived', 'StockAdjusted']);
  });
});

describe('reservation expiry', () => {
  it('releases only active, unconfirmed reservations past their expiry, once, even with two sweepers', async () => {
    await catalogKnows('EXP-1', 'EXP-2');
    await service.receiveStock({ sku: 'EXP-1', warehouseId: berlin, quantity: 10 }, ctx);
    await service.receiveStock({ sku: 'EXP-2', warehouseId: amsterdam, quantity: 10 }, ctx);
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 15 * 60_000);
    const reserve = (reservationId: string, expiresAt: Date | null, lines = [{ sku: 'EXP-1', quantity: 1 }]) =>
      service.reserve({ reservationId, orderId: `order-${reservationId}`, expiresAt, lines }, ctx);
    await reserve('exp-expired', past, [{ sku: 'EXP-1', quantity: 2 }, { sku: 'EXP-2', quantity: 3 }]);
    await reserve('exp-confirmed', past);
    await service.confirm('exp-confirmed', ['EXP-1'], ctx);
    await reserve('exp-future', future);
    await reserve('exp-never', null);
    await project();

    const sweepers = [1, 2].map(() => new ReservationExpiry({ queries, service, logger, intervalMs: 0 }));
    const released = await Promise.all(sweepers.map((s) => s.releaseExpired(now)));
    expect(released[0]! + released[1]!).toBe(1);

    const releases = [...(await stream('EXP-1')), ...(await stream('EXP-2'))].filter((e) => e.type === 'StockReservationReleased');
    expect(releases.map((e) => [e.streamId, (e.data as { reservationId: string }).reservationId, (e.data as { reason: string }).reason])).toEqual([
      [stockStreamId('EXP-1'), 'exp-expired', 'EXPIRED'],
      [stockStreamId('EXP-2'), 'exp-expired', 'EXPIRED'],
    ]);
    await project();
    expect(await sweepers[0]!.releaseExpired(now)).toBe(0);
    expect(await queries.stockLevel('demo', 'EXP-1')).toMatchObject({ onHand: 10, reserved: 3 });
    expect(await queries.stockLevel('demo', 'EXP-2')).toMatchObject({ onHand: 10, reserved: 0 });
    const statuses = await database.db('inventory_reservations').where({ sku: 'EXP-1' }).orderBy('reservation_id').select('reservation_id', 'status');
    expect(statuses).toEqual([
      { reservation_id: 'exp-confirmed', status: 'CONFIRMED' },
      { reservation_id: 'exp-expired', status: 'RELEASED' },
      { reservation_id: 'exp-future', status: 'ACTIVE' },
      { reservation_id: 'exp-never', status: 'ACTIVE' },
    ]);
  });

  it('leaves alone a reservation the read model still lists as active but that was confirmed meanwhile', async () => {
    await service.reserve({ reservationId: 'exp-race', orderId: 'o', expiresAt: new Date(Date.now() - 1000), lines: [{ sku: 'EXP-2', quantity: 1 }] }, ctx);
    await project();
    await service.confirm('exp-race', ['EXP-2'], ctx);
    const expiry = new ReservationExpiry({ queries, service, logger, intervalMs: 0 });
    expect(await expiry.releaseExpired(new Date())).toBe(0);
    expect(reservationOf(await service.loadStock('demo', 'EXP-2'), 'exp-race')!.status).toBe('CONFIRMED');
  });
});
