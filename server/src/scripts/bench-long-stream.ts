/**
 * The long-stream bench, for `npm run bench`: does a reservation on a SKU whose stream holds
 * 50,000 events cost about what one on a fresh SKU costs? (Target: within 1.5×.) Command loads
 * start from the stream's latest snapshot, and the stock state keeps only open reservations and
 * the last finished ones, so neither the rows read nor the state folded grow with the stream.
 *
 * Self-contained (it needs only a started App): bench.ts records its figures.
 */
import { performance } from 'node:perf_hooks';
import type { App } from '../app/app';
import type { CommandContext } from '../commands/command-context';
import { CatalogSkuRegistry } from '../catalog/sku-registry';
import { DEFAULT_TENANT } from '../eventstore/types';
import { STOCK_STREAM_TYPE, stockStreamId, type StockEvent } from '../inventory/events';
import { InventoryService } from '../inventory/inventory-service';
import { newId } from '../shared/ids';

export interface LongStreamBenchOptions {
  /** Events written to the long SKU's stream before measuring (default 50,000). */
  priorEvents?: number;
  /** Reservations (each released again) measured on each SKU (default 300). */
  operations?: number;
  /** Events per append while seeding (default 1,000). */
  batch?: number;
  tenantId?: string;
  /**
   * How long to let the read models catch up with the seeded events before measuring (default 10
   * minutes; projecting 50,000 stock events takes minutes on a small machine). Past it, the bench
   * measures anyway (`projectionsCaughtUp: false`): both SKUs then share the projector's load alike.
   */
  catchUpTimeoutMs?: number;
}

export interface SkuFigures {
  /** Latency of each measured reservation (ms), in order. */
  reserveMs: number[];
  /** Latency of each release that followed (ms). */
  releaseMs: number[];
  /** Rows of events and snapshot one load of the SKU's stock reads, once measured. */
  rowsPerLoad: number;
}

export interface LongStreamBenchResult {
  priorEvents: number;
  operations: number;
  /** Writing the prior events (appends of `batch` events each). */
  seedSeconds: number;
  /** Waiting for the read models to fold the prior events. */
  catchUpSeconds: number;
  projectionsCaughtUp: boolean;
  /** The long SKU's first reservation: no snapshot yet, so it folds the whole stream (and keeps one). */
  coldReservationMs: number;
  long: SkuFigures;
  fresh: SkuFigures;
  /** p50 of a reservation on the long SKU over p50 on the fresh one: the target is at most 1.5. */
  ratioP50: number;
  /** The same for the mean. */
  ratioMean: number;
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * A SKU's history as checkouts leave it, `count` events long: stock received, then reservations,
 * most released again (failed or expired checkouts), every fifth confirmed and shipped (with the
 * shipped units received again), so every kind of stock event and the finished-reservation
 * bookkeeping are exercised.
 */
export function longStockHistory(sku: string, warehouseId: string, count: number): StockEvent[] {
  const events: StockEvent[] = [{ type: 'StockReceived', data: { sku, warehouseId, quantity: 1_000_000 } }];
  const allocations = [{ warehouseId, quantity: 1 }];
  for (let i = 0; events.length < count; i++) {
    const reservationId = newId();
    events.push({ type: 'StockReserved', data: { sku, reservationId, orderId: newId(), quantity: 1, allocations, expiresAt: new Date(Date.UTC(2026, 10, 30, 12, i % 60)).toISOString() } });
    if (i % 5 === 4) {
      events.push({ type: 'StockReservationConfirmed', data: { sku, reservationId } });
      events.push({ type: 'StockReservationCommitted', data: { sku, reservationId, allocations, quantity: 1, commitId: newId() } });
      events.push({ type: 'StockReceived', data: { sku, warehouseId, quantity: 1 } });
    } else {
      events.push({ type: 'StockReservationReleased', data: { sku, reservationId, reason: i % 2 ? 'EXPIRED' : 'CHECKOUT_FAILED', allocations } });
    }
  }
  return events.slice(0, count) satisfies StockEvent[];
}

/**
 * Writes a SKU's stock events straight into the store, `batch` to an append, then one fresh SKU
 * with stock received to compare with.
 */
export async function seedStock(app: App, history: readonly StockEvent[], batch: number, fresh: { sku: string; warehouseId: string; quantity: number }, ctx: CommandContext): Promise<void> {
  for (let i = 0; i < history.length; i += batch) {
    const events = history.slice(i, i + batch);
    await app.store.appendToStreams([{ streamId: stockStreamId(history[0]!.data.sku), streamType: STOCK_STREAM_TYPE, expectedVersion: i, events }], ctx);
  }
  const received: StockEvent = { type: 'StockReceived', data: { sku: fresh.sku, warehouseId: fresh.warehouseId, quantity: fresh.quantity } };
  await app.store.append({ streamId: stockStreamId(fresh.sku), streamType: STOCK_STREAM_TYPE, expectedVersion: 0, events: [received] }, ctx);
}

/** One reservation of 1 unit by `node`, released again: how long the reserve and the release took (ms). */
export async function timedReservation(node: InventoryService, sku: string, ctx: CommandContext): Promise<{ reserveMs: number; releaseMs: number }> {
  const reservationId = newId();
  const t0 = performance.now();
  await node.reserve({ reservationId, orderId: newId(), lines: [{ sku, quantity: 1 }], expiresAt: new Date(Date.now() + 15 * 60_000) }, ctx);
  const t1 = performance.now();
  await node.release(reservationId, [sku], 'CHECKOUT_FAILED', ctx);
  return { reserveMs: t1 - t0, releaseMs: performance.now() - t1 };
}

/** Rows of events and snapshots the app's database hands back while `run` runs (the projector's reads go through other functions). */
async function rowsRead(app: App, run: () => Promise<unknown>): Promise<number> {
  let rows = 0;
  const listener = (response: { rows?: unknown[] } | unknown[], query: { sql?: string }) => {
    if (!/\bfrom\s+("?(events|stream_snapshots)"?(\s|$)|ordercast_load_stream\()/i.test(query.sql ?? '')) return;
    rows += Array.isArray(response) ? response.length : (response.rows?.length ?? 0);
  };
  app.db.on('query-response', listener);
  try {
    await run();
  } finally {
    app.db.off('query-response', listener);
  }
  return rows;
}

/**
 * Seeds a SKU with `priorEvents` events (appends of `batch`, straight into the store), lets the
 * read models catch up, then times `operations` reservations (each released again) on it and on a
 * fresh SKU, one at a time, alternating between the two so machine noise hits both alike.
 */
export async function benchLongStreamReservation(app: App, options: LongStreamBenchOptions = {}): Promise<LongStreamBenchResult> {
  const priorEvents = options.priorEvents ?? 50_000;
  const operations = options.operations ?? 300;
  const batch = options.batch ?? 1_000;
  const tenantId = options.tenantId ?? DEFAULT_TENANT;
  const ctx: CommandContext = { tenantId, metadata: { actor: 'bench' } };
  const inventory = app.inventory.service;
  const skus = new CatalogSkuRegistry(app.store);
  const tag = newId().slice(0, 8).toUpperCase();
  const { warehouseId } = await inventory.createWarehouse({ code: `LS-${tag}`, name: 'Long stream bench' }, ctx);
  const longSku = `LONG-${tag}`;
  const freshSku = `FRESH-${tag}`;

  const seedStarted = performance.now();
  await seedStock(app, longStockHistory(longSku, warehouseId, priorEvents), batch, { sku: freshSku, warehouseId, quantity: 1_000_000 }, ctx);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  // The projections fold every seeded event; measuring while they do would measure them too.
  const catchUpStarted = performance.now();
  const projectionsCaughtUp = await app.projector.caughtUpWithLog(options.catchUpTimeoutMs ?? 10 * 60_000).then(
    () => true,
    () => false,
  );
  const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;

  const reserveAndRelease = async (sku: string, into?: SkuFigures) => {
    // Each reservation on a node that does not know the SKU yet, so it loads the stock: a node
    // decides its next command on the SKU on what its last one left, without a load at all.
    const { reserveMs, releaseMs } = await timedReservation(new InventoryService(app.store, skus), sku, ctx);
    into?.reserveMs.push(reserveMs);
    into?.releaseMs.push(releaseMs);
    return reserveMs;
  };

  const coldReservationMs = await reserveAndRelease(longSku);
  await reserveAndRelease(freshSku);
  const long: SkuFigures = { reserveMs: [], releaseMs: [], rowsPerLoad: 0 };
  const young: SkuFigures = { reserveMs: [], releaseMs: [], rowsPerLoad: 0 };
  for (let i = 0; i < operations; i++) {
    if (i % 2 === 0) {
      await reserveAndRelease(longSku, long);
      await reserveAndRelease(freshSku, young);
    } else {
      await reserveAndRelease(freshSku, young);
      await reserveAndRelease(longSku, long);
    }
  }
  long.rowsPerLoad = await rowsRead(app, () => inventory.loadStock(tenantId, longSku));
  young.rowsPerLoad = await rowsRead(app, () => inventory.loadStock(tenantId, freshSku));
  return {
    priorEvents,
    operations,
    seedSeconds,
    catchUpSeconds,
    projectionsCaughtUp,
    coldReservationMs,
    long,
    fresh: young,
    ratioP50: median(long.reserveMs) / median(young.reserveMs),
    ratioMean: mean(long.reserveMs) / mean(young.reserveMs),
  };
}
