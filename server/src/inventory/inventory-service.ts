import { handleCommand } from '../commands/command-handler';
import type { CommandContext } from '../commands/command-context';
import { appendOf, loadStream } from '../commands/streams';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type StreamAppend } from '../eventstore/types';
import { BadUserInputError, ConflictError, NotFoundError } from '../shared/errors';
import { newId, requireUuid } from '../shared/ids';
import { text } from '../shared/validation';
import { InsufficientStockError } from './errors';
import {
  stockStreamId,
  WAREHOUSE_CODE_STREAM_TYPE,
  warehouseCodeStreamId,
  warehouseStreamId,
  type Allocation,
  type ReleaseReason,
  type StockEvent,
  type WarehouseCodeEvent,
  type WarehouseEvent,
} from './events';
import { KeyedLock } from '../shared/keyed-lock';
import { handleMultiStreamCommand, type MultiStreamResult } from '../commands/multi-stream-command';
import { StreamGroupCommit } from '../commands/group-commit';
import { KnownStreams } from '../commands/known-streams';
import type { SkuRegistry } from './sku-registry';
import { heldReservations, reservationIdOf, reservationOf, stockDecider, validSku, type ReservationStatus, type StockCommand, type StockState } from './stock-decider';
import { warehouseDecider, type WarehouseCommand } from './warehouse-decider';

export interface ReservationLine {
  sku: string;
  quantity: number;
}

/** What a reservation holds of one SKU, whether `reserve` took it now or found it taken earlier. */
export interface ReservedLine {
  sku: string;
  quantity: number;
  status: ReservationStatus;
  allocations: Allocation[];
}

type Append = AppendResult | undefined;

const RELEASE_REASONS: readonly ReleaseReason[] = ['CHECKOUT_FAILED', 'EXPIRED', 'CANCELLED'];

/** How many SKUs' stock a node remembers as its own commands left it, and how many reservations in them at most. */
const REMEMBERED_SKUS = 10_000;
const REMEMBERED_RESERVATIONS = 200_000;
const stockStateSize = (state: StockState): number => 1 + heldReservations(state) + state.finished.length;

/** Inventory commands: warehouses on streams of their own, stock and reservations on one stream per SKU. */
export class InventoryService {
  /** Warehouse codes never change once created, so remembering them can never serve a stale one. */
  private readonly warehouseCodes = new Map<string, string>();
  private readonly stockLocks = new KeyedLock();
  /**
   * Each SKU's stock as this process's last command on it left it: the next command decides on it
   * without a load (see KnownStreams). A busy SKU's state holds every open reservation, so a load
   * parses all of them; its writers in this process take turns on it anyway (`stockLocks`).
   */
  private readonly knownStock = new KnownStreams<StockState>({ max: REMEMBERED_SKUS, size: { max: REMEMBERED_RESERVATIONS, of: stockStateSize } });
  private readonly oneSkuCommands: StreamGroupCommit<StockState, StockEvent>;

  constructor(
    private readonly store: EventStore,
    private readonly skus: SkuRegistry,
  ) {
    this.oneSkuCommands = new StreamGroupCommit(store, stockDecider, this.stockLocks, stockLockKey, this.knownStock);
  }

  async createWarehouse(input: { code: string; name: string }, ctx: CommandContext): Promise<{ warehouseId: string; append: Append }> {
    const warehouseId = newId();
    const append = await this.runWarehouse(warehouseId, { type: 'CreateWarehouse', warehouseId, code: input.code, name: input.name }, ctx);
    return { warehouseId, append };
  }

  async addStorageLocation(warehouseId: string, input: { code: string; name: string }, ctx: CommandContext): Promise<{ warehouseId: string; append: Append }> {
    const id = requireUuid('Warehouse', warehouseId);
    const append = await this.runWarehouse(id, { type: 'AddStorageLocation', warehouseId: id, code: input.code, name: input.name }, ctx);
    return { warehouseId: id, append };
  }

  async receiveStock(input: { sku: string; warehouseId: string; quantity: number }, ctx: CommandContext): Promise<{ sku: string; append: Append }> {
    const { sku, warehouseId } = await this.stockTarget(input, ctx);
    const append = await this.runStock([sku], () => ({ type: 'ReceiveStock', sku, warehouseId, quantity: input.quantity }), ctx);
    return { sku, append };
  }

  /** Counts and damage. Never takes on-hand below what is reserved in that warehouse, nor below zero. */
  async adjustStock(input: { sku: string; warehouseId: string; quantityChange: number; reason: string }, ctx: CommandContext): Promise<{ sku: string; append: Append }> {
    const { sku, warehouseId } = await this.stockTarget(input, ctx);
    const append = await this.runStock([sku], () => ({ type: 'AdjustStock', sku, warehouseId, quantityChange: input.quantityChange, reason: input.reason }), ctx);
    return { sku, append };
  }

  /**
   * Reserves every line or none, in one append across the SKUs' streams. Reserving an existing
   * reservation again appends nothing and returns what it holds. When lines do not fit, throws
   * InsufficientStockError naming every short SKU.
   */
  async reserve(
    input: { reservationId: string; orderId: string; lines: ReservationLine[]; expiresAt: Date | null },
    ctx: CommandContext,
  ): Promise<{ append: Append; lines: ReservedLine[] }> {
    const reservationId = reservationIdOf(input.reservationId);
    const orderId = text('orderId', input.orderId, { max: 200 });
    const lines = mergeLines(input.lines);
    const result = await this.decideOnStock(
      lines.map((l) => l.sku),
      async (states) => {
        const warehouseCodes = await this.codesOf(ctx.tenantId, [...states.values()].flatMap((s) => Object.keys(s.warehouses)));
        const short: string[] = [];
        const decided = new Map<string, StockEvent[]>();
        for (const line of lines) {
          const streamId = stockStreamId(line.sku);
          const command: StockCommand = { type: 'ReserveStock', sku: line.sku, reservationId, orderId, quantity: line.quantity, expiresAt: input.expiresAt, warehouseCodes };
          try {
            decided.set(streamId, stockDecider.decide(command, states.get(streamId)!));
          } catch (error) {
            if (!(error instanceof InsufficientStockError)) throw error;
            short.push(...error.skus);
          }
        }
        if (short.length > 0) throw new InsufficientStockError(short);
        return decided;
      },
      ctx,
    );
    return {
      append: result.append,
      lines: lines.map((line) => {
        const reservation = reservationOf(result.states.get(stockStreamId(line.sku))!, reservationId)!;
        return { sku: line.sku, quantity: reservation.quantity, status: reservation.status, allocations: reservation.allocations };
      }),
    };
  }

  /**
   * Gives the reserved stock back. Idempotent: an unknown, released or committed reservation
   * appends nothing. EXPIRED only releases an unconfirmed reservation past its expiry at `now`.
   */
  async release(reservationId: string, skus: string[], reason: ReleaseReason, ctx: CommandContext, options: { now?: Date } = {}): Promise<{ append: Append }> {
    if (!RELEASE_REASONS.includes(reason)) throw new BadUserInputError(`"${reason}" is not a release reason`, { field: 'reason' });
    const now = options.now ?? new Date();
    const append = await this.runStock(distinctSkus(skus), (sku) => ({ type: 'ReleaseReservation', sku, reservationId, reason, now }), ctx);
    return { append };
  }

  /** The order was placed: the reservation no longer expires. Idempotent; fails if it was released meanwhile. */
  async confirm(reservationId: string, skus: string[], ctx: CommandContext): Promise<{ append: Append }> {
    const append = await this.runStock(distinctSkus(skus), (sku) => ({ type: 'ConfirmReservation', sku, reservationId }), ctx);
    return { append };
  }

  /** Shipped: the reserved units leave on-hand and reserved together. Idempotent. */
  async commit(reservationId: string, skus: string[], ctx: CommandContext): Promise<{ append: Append }> {
    const append = await this.runStock(distinctSkus(skus), (sku) => ({ type: 'CommitReservation', sku, reservationId }), ctx);
    return { append };
  }

  /**
   * Decides a commit of part of a reservation (a shipment) without recording it: the caller
   * appends the returned stream appends in the same transaction as its own events, so the stock
   * leaves exactly when the shipment is recorded as shipped. `commitId` makes it happen once: a
   * line already committed under that key yields nothing. A stream that moved before the append
   * fails it with a ConcurrencyError, and the caller plans again.
   */
  async planCommit(reservationId: string, lines: ReservationLine[], commitId: string, tenantId: string): Promise<StreamAppend[]> {
    const merged = mergeLines(lines);
    // The caller appends these with its own events: the SKUs' next commands here load them.
    for (const line of merged) this.knownStock.forget(tenantId, stockStreamId(line.sku));
    const appends = await Promise.all(
      merged.map(async (line) => {
        const stock = await loadStream(this.store, stockDecider, stockStreamId(line.sku), tenantId);
        const events = stockDecider.decide({ type: 'CommitReservation', sku: line.sku, reservationId, quantity: line.quantity, commitId }, stock.state);
        return appendOf(stockDecider, stock, events);
      }),
    );
    return appends.flat();
  }

  /** The current, authoritative stock of a SKU, from its stream (its latest snapshot and the events after it). */
  async loadStock(tenantId: string, sku: string): Promise<StockState> {
    return (await loadStream(this.store, stockDecider, stockStreamId(validSku(sku)), tenantId)).state;
  }

  private async runStock(skus: string[], command: (sku: string) => StockCommand, ctx: CommandContext): Promise<Append> {
    const result = await this.decideOnStock(
      skus,
      (states) => new Map(skus.map((sku) => [stockStreamId(sku), stockDecider.decide(command(sku), states.get(stockStreamId(sku))!)])),
      ctx,
    );
    return result.append;
  }

  /** Decides on the SKUs' streams together and appends in one transaction; same-SKU writers of this process queue up. */
  private decideOnStock(
    skus: string[],
    decide: (states: ReadonlyMap<string, StockState>) => Map<string, StockEvent[]> | Promise<Map<string, StockEvent[]>>,
    ctx: CommandContext,
  ): Promise<MultiStreamResult<StockState, StockEvent>> {
    const streamIds = skus.map(stockStreamId);
    if (streamIds.length === 1) return this.decideOnOneSku(streamIds[0]!, decide, ctx);
    return this.stockLocks.run(
      streamIds.map((id) => stockLockKey(ctx.tenantId, id)),
      () => handleMultiStreamCommand(this.store, stockDecider, streamIds, decide, ctx, { known: this.knownStock }),
    );
  }

  /** One SKU's commands go through its group commit: a crowd on a hot SKU shares loads and appends. */
  private async decideOnOneSku(
    streamId: string,
    decide: (states: ReadonlyMap<string, StockState>) => Map<string, StockEvent[]> | Promise<Map<string, StockEvent[]>>,
    ctx: CommandContext,
  ): Promise<MultiStreamResult<StockState, StockEvent>> {
    const result = await this.oneSkuCommands.run(streamId, async (state) => (await decide(new Map([[streamId, state]]))).get(streamId) ?? [], ctx);
    return { states: new Map([[streamId, result.state]]), newEvents: new Map([[streamId, result.newEvents]]), append: result.append };
  }

  private async runWarehouse(warehouseId: string, command: WarehouseCommand, ctx: CommandContext): Promise<Append> {
    const result = await handleCommand(this.store, warehouseDecider, warehouseStreamId(warehouseId), command, {
      tenantId: ctx.tenantId,
      metadata: ctx.metadata,
      alsoAppend: claimWarehouseCodes,
    }).catch((error: unknown) => {
      if (error instanceof ConcurrencyError && error.streamId.startsWith(warehouseCodeStreamId(''))) {
        const code = error.streamId.slice(warehouseCodeStreamId('').length);
        throw new ConflictError(`Warehouse code ${code} is already in use`, { warehouseCode: code });
      }
      throw error;
    });
    return result.append;
  }

  /** Stock is kept only for a warehouse that exists and a SKU the catalog knows. */
  private async stockTarget(input: { sku: string; warehouseId: string }, ctx: CommandContext) {
    const sku = validSku(input.sku);
    const warehouseId = requireUuid('Warehouse', input.warehouseId);
    if (!(await this.warehouseCode(ctx.tenantId, warehouseId))) throw new NotFoundError('Warehouse', warehouseId);
    if (!(await this.skus.exists(ctx.tenantId, sku))) throw new NotFoundError('SKU', sku);
    return { sku, warehouseId };
  }

  private async warehouseCode(tenantId: string, warehouseId: string): Promise<string | undefined> {
    const key = `${tenantId}\u0000${warehouseId}`;
    const known = this.warehouseCodes.get(key);
    if (known) return known;
    const [created] = (await this.store.readStream(warehouseStreamId(warehouseId), { tenantId, toVersion: 1 })) as unknown as WarehouseEvent[];
    if (created?.type !== 'WarehouseCreated') return undefined;
    this.warehouseCodes.set(key, created.data.code);
    return created.data.code;
  }

  private async codesOf(tenantId: string, warehouseIds: string[]): Promise<Record<string, string>> {
    const ids = [...new Set(warehouseIds)];
    const codes = await Promise.all(ids.map((id) => this.warehouseCode(tenantId, id)));
    return Object.fromEntries(ids.flatMap((id, i) => (codes[i] ? [[id, codes[i]]] : [])));
  }
}

const stockLockKey = (tenantId: string, streamId: string) => `${tenantId}\u0000${streamId}`;

function claimWarehouseCodes(events: WarehouseEvent[]): StreamAppend[] {
  return events.flatMap((event) => {
    if (event.type !== 'WarehouseCreated') return [];
    const claim: WarehouseCodeEvent = { type: 'WarehouseCodeClaimed', data: { code: event.data.code, warehouseId: event.data.warehouseId } };
    return [{ streamId: warehouseCodeStreamId(event.data.code), streamType: WAREHOUSE_CODE_STREAM_TYPE, expectedVersion: 0, events: [claim] }];
  });
}

/** One entry per SKU (a SKU named twice is reserved once, for the sum), in a stable order. */
function mergeLines(lines: ReservationLine[]): ReservationLine[] {
  if (lines.length === 0) throw new BadUserInputError('A reservation needs at least one line', { field: 'lines' });
  const merged = new Map<string, number>();
  for (const line of lines) {
    const sku = validSku(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new BadUserInputError(`quantity must be a positive whole number, got ${line.quantity} for ${sku}`, { field: 'quantity', sku });
    }
    merged.set(sku, (merged.get(sku) ?? 0) + line.quantity);
  }
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, quantity]) => ({ sku, quantity }));
}

function distinctSkus(skus: string[]): string[] {
  if (skus.length === 0) throw new BadUserInputError('At least one SKU is needed', { field: 'skus' });
  return [...new Set(skus.map(validSku))].sort();
}
