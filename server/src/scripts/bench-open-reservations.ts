/**
 * The busy-SKU bench, for `npm run bench`: does a reservation on a SKU that holds 10,000 open
 * reservations (a flash sale's orders, placed and not yet shipped) cost about what one on a fresh
 * SKU costs, on a node that already knows both SKUs, as the checkout's does?
 *
 * The SKU's state holds every open reservation (its releases and commits need them), and every
 * event folds into a new state: this measures that an event does not copy all of them.
 *
 * Self-contained (it needs only a started App): bench.ts records its figures.
 */
import type { App } from '../app/app';
import type { CommandContext } from '../commands/command-context';
import { CatalogSkuRegistry } from '../catalog/sku-registry';
import { DEFAULT_TENANT } from '../eventstore/types';
import type { StockEvent } from '../inventory/events';
import { InventoryService } from '../inventory/inventory-service';
import { newId } from '../shared/ids';
import { median, seedStock, timedReservation } from './bench-long-stream';

export interface OpenReservationsBenchOptions {
  /** Open reservations the busy SKU holds before measuring (default 10,000). */
  open?: number;
  /** Reservations (each released again) measured on each SKU (default 300). */
  operations?: number;
  /** How long to let the read models fold the seeded reservations (default 3 minutes). */
  catchUpTimeoutMs?: number;
  /** Reservations measured on each SKU by a node that does not know it (default 20). */
  coldOperations?: number;
}

export interface OpenReservationsBenchResult {
  open: number;
  /** Latency of each measured reservation on the busy SKU (ms). */
  busyMs: number[];
  /** The same on a fresh SKU. */
  freshMs: number[];
  /** p50 on the busy SKU over p50 on the fresh one. */
  ratioP50: number;
  /** Reservations each by a node that does not know the SKU yet (it loads the stock: the snapshot and the events after it), on the busy SKU (ms). */
  coldBusyMs: number[];
  /** The same on the fresh SKU. */
  coldFreshMs: number[];
}

/** A SKU's stream as a sale leaves it: stock received, then `open` reservations of one unit, none finished. */
export function openReservationsHistory(sku: string, warehouseId: string, open: number): StockEvent[] {
  const events: StockEvent[] = [{ type: 'StockReceived', data: { sku, warehouseId, quantity: 10_000_000 } }];
  const allocations = [{ warehouseId, quantity: 1 }];
  for (let i = 0; i < open; i++) {
    events.push({ type: 'StockReserved', data: { sku, reservationId: newId(), orderId: newId(), quantity: 1, allocations, expiresAt: null } });
  }
  return events;
}

export async function benchOpenReservations(app: App, options: OpenReservationsBenchOptions = {}): Promise<OpenReservationsBenchResult> {
  const open = options.open ?? 10_000;
  const operations = options.operations ?? 300;
  const ctx: CommandContext = { tenantId: DEFAULT_TENANT, metadata: { actor: 'bench' } };
  const tag = newId().slice(0, 8).toUpperCase();
  const { warehouseId } = await app.inventory.service.createWarehouse({ code: `OR-${tag}`, name: 'Open reservations bench' }, ctx);
  const busySku = `BUSY-${tag}`;
  const freshSku = `CALM-${tag}`;
  await seedStock(app, openReservationsHistory(busySku, warehouseId, open), 1_000, { sku: freshSku, warehouseId, quantity: 10_000_000 }, ctx);
  // The projections fold the seeded reservations; measuring while they do would measure them too.
  await app.projector.caughtUpWithLog(options.catchUpTimeoutMs ?? 180_000).catch(() => undefined);

  // One node for every reservation: after its first one on a SKU it decides on the state it keeps.
  const skus = new CatalogSkuRegistry(app.store);
  const node = new InventoryService(app.store, skus);
  const reserveAndRelease = async (sku: string, into?: number[], by = node) => {
    into?.push((await timedReservation(by, sku, ctx)).reserveMs);
  };
  await reserveAndRelease(busySku);
  await reserveAndRelease(freshSku);
  const busyMs: number[] = [];
  const freshMs: number[] = [];
  for (let i = 0; i < operations; i++) {
    const [first, second] = i % 2 === 0 ? [busySku, freshSku] : [freshSku, busySku];
    await reserveAndRelease(first, first === busySku ? busyMs : freshMs);
    await reserveAndRelease(second, second === busySku ? busyMs : freshMs);
  }
  // What still grows with the open reservations: a node that does not know the SKU parses its snapshot.
  const coldBusyMs: number[] = [];
  const coldFreshMs: number[] = [];
  for (let i = 0; i < (options.coldOperations ?? 20); i++) {
    await reserveAndRelease(busySku, coldBusyMs, new InventoryService(app.store, skus));
    await reserveAndRelease(freshSku, coldFreshMs, new InventoryService(app.store, skus));
  }
  return { open, busyMs, freshMs, ratioP50: median(busyMs) / median(freshMs), coldBusyMs, coldFreshMs };
}
