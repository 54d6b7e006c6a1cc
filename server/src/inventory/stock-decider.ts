import type { Decider } from '../commands/decider';
import { BadUserInputError, InvalidStateError, NotFoundError } from '../shared/errors';
import { text } from '../shared/validation';
import { InsufficientStockError } from './errors';
import { MAX_ON_HAND, MAX_STOCK_QUANTITY } from './stock-bounds';
import { STOCK_STREAM_TYPE, type Allocation, type ReleaseReason, type StockEvent } from './events';

export interface WarehouseStock {
  onHand: number;
  reserved: number;
}

export type ReservationStatus = 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'COMMITTED';

export interface Reservation {
  reservationId: string;
  orderId: string;
  quantity: number;
  allocations: Allocation[];
  expiresAt: string | null;
  status: ReservationStatus;
  /** What is still held in each warehouse: the allocations less what partial commits took. */
  held: Allocation[];
  /** Keys of the partial commits applied, so a retried shipment commits nothing twice. */
  commitIds: string[];
}

/**
 * How many finished (released or fully committed) reservations a SKU's state remembers. A SKU's
 * stream grows by every reservation forever, but its state must not (commands load it, from a
 * snapshot, on every reservation): an open reservation is kept until it finishes, a finished one
 * only as a tombstone (nothing held) among the last this many to finish, for the idempotent
 * answers to commands that still name it (a retried reserve, release, confirm or shipment commit).
 */
export const FINISHED_RESERVATIONS_KEPT = 100;

/**
 * How many of the newest finished reservations `reservations` shows besides the open ones (all
 * kept finished ones are in `finished`). Few: they are copied and kept in every snapshot like the open ones.
 */
export const RECENTLY_FINISHED_SHOWN = 8;

/**
 * How many buckets a SKU's shown reservations are spread over, by a hash of their id: an event
 * copies the one bucket of its reservation (and the bucket index), not every open reservation.
 */
export const RESERVATION_BUCKETS = 256;

/** Reservations whose ids hash to one bucket, by id. */
export type ReservationBucket = Record<string, Reservation>;

/**
 * One SKU's stock in every warehouse, its open reservations and the last finished ones. Plain
 * JSON (ISO strings, no Dates): the state is kept in snapshots.
 */
export interface StockState {
  sku: string | undefined;
  warehouses: Record<string, WarehouseStock>;
  /**
   * Every open reservation (ACTIVE, CONFIRMED) and the RECENTLY_FINISHED_SHOWN newest finished
   * ones, in buckets at the index `bucketOf` their id (null: empty; the array is only as long as
   * its last bucket needs). `reservationOf` finds every reservation the state remembers;
   * `shownReservations` lists these.
   */
  reservations: (ReservationBucket | null)[];
  /** How many reservations `reservations` holds. */
  shown: number;
  /** Tombstones (nothing held) of the last FINISHED_RESERVATIONS_KEPT finished reservations, in the order they finished. */
  finished: Reservation[];
}

export type StockCommand =
  | { type: 'ReceiveStock'; sku: string; warehouseId: string; quantity: number }
  | { type: 'AdjustStock'; sku: string; warehouseId: string; quantityChange: number; reason: string }
  | {
      type: 'ReserveStock';
      sku: string;
      reservationId: string;
      orderId: string;
      quantity: number;
      expiresAt: Date | null;
      /** Warehouse codes by id, to break ties between equally stocked warehouses the same way every time. */
      warehouseCodes?: Readonly<Record<string, string>>;
    }
  | { type: 'ReleaseReservation'; sku: string; reservationId: string; reason: ReleaseReason; now: Date }
  | { type: 'ConfirmReservation'; sku: string; reservationId: string }
  | {
      type: 'CommitReservation';
      sku: string;
      reservationId: string;
      /** Commit only this many units (a partial shipment); without it, everything still held. */
      quantity?: number;
      /** A deterministic key (e.g. the shipment id): a second commit with the same key is a no-op. */
      commitId?: string;
    };

export { MAX_ON_HAND, MAX_STOCK_QUANTITY };
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validSku(sku: string): string {
  const trimmed = sku.trim();
  if (!SKU_PATTERN.test(trimmed)) throw new BadUserInputError(`"${sku}" is not a valid SKU`, { field: 'sku' });
  return trimmed;
}

function positiveQuantity(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_STOCK_QUANTITY) {
    throw new BadUserInputError(`${field} must be a whole number from 1 to ${MAX_STOCK_QUANTITY}, got ${value}`, { field, limit: MAX_STOCK_QUANTITY });
  }
  return value;
}

function quantityChange(value: number): number {
  if (!Number.isInteger(value) || value === 0 || Math.abs(value) > MAX_STOCK_QUANTITY) {
    throw new BadUserInputError(`quantityChange must be a non-zero whole number of at most ${MAX_STOCK_QUANTITY} either way, got ${value}`, { field: 'quantityChange', limit: MAX_STOCK_QUANTITY });
  }
  return value;
}

/** Refuses a change that would take the SKU's on-hand, all warehouses together, past MAX_ON_HAND. */
function onHandStaysBounded(state: StockState, sku: string, field: string, change: number): void {
  const onHand = totals(state).onHand;
  if (change > 0 && onHand + change > MAX_ON_HAND) {
    throw new BadUserInputError(`${sku} would have ${onHand + change} on hand, more than the limit of ${MAX_ON_HAND} per SKU (all warehouses together); it has ${onHand}`, {
      field,
      limit: MAX_ON_HAND,
      onHand,
      sku,
    });
  }
}

export const reservationIdOf = (value: string) => text('reservationId', value, { max: 200 });

export const available = (w: WarehouseStock) => w.onHand - w.reserved;

export interface StockTotals {
  onHand: number;
  reserved: number;
  available: number;
}

export const totals = (state: StockState): StockTotals =>
  Object.values(state.warehouses).reduce<StockTotals>((t, w) => ({ onHand: t.onHand + w.onHand, reserved: t.reserved + w.reserved, available: t.available + available(w) }), {
    onHand: 0,
    reserved: 0,
    available: 0,
  });

/** Units a reservation still holds. */
export const heldQuantity = (reservation: Reservation): number => reservation.held.reduce((sum, a) => sum + a.quantity, 0);

/** Takes `quantity` units out of the held allocations, in their order (most stocked warehouse first). */
function takeFrom(held: Allocation[], quantity: number): Allocation[] {
  const taken: Allocation[] = [];
  let missing = quantity;
  for (const a of held) {
    if (missing === 0) break;
    const n = Math.min(missing, a.quantity);
    if (n > 0) taken.push({ warehouseId: a.warehouseId, quantity: n });
    missing -= n;
  }
  return taken;
}

function subtract(held: Allocation[], taken: Allocation[]): Allocation[] {
  const left = held.map((a) => ({ ...a }));
  for (const t of taken) {
    const from = left.find((a) => a.warehouseId === t.warehouseId);
    if (from) from.quantity -= t.quantity;
  }
  return left.filter((a) => a.quantity > 0);
}

export const initialState = (): StockState => ({ sku: undefined, warehouses: {}, reservations: [], shown: 0, finished: [] });

const isFinished = (reservation: Reservation | undefined) => reservation?.status === 'RELEASED' || reservation?.status === 'COMMITTED';

function changeWarehouses(state: StockState, changes: { warehouseId: string; onHand?: number; reserved?: number }[]): StockState['warehouses'] {
  const warehouses = { ...state.warehouses };
  for (const { warehouseId, onHand = 0, reserved = 0 } of changes) {
    const current = warehouses[warehouseId] ?? { onHand: 0, reserved: 0 };
    warehouses[warehouseId] = { onHand: current.onHand + onHand, reserved: current.reserved + reserved };
  }
  return warehouses;
}

/** The bucket of `reservations` a reservation id belongs in (FNV-1a of the id). */
export function bucketOf(reservationId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < reservationId.length; i++) hash = Math.imul(hash ^ reservationId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % RESERVATION_BUCKETS;
}

/** The reservation `reservations` shows under this id. Own keys only, so an id like "constructor" is never mistaken for one. */
function shownReservation(state: StockState, reservationId: string): Reservation | undefined {
  const bucket = state.reservations[bucketOf(reservationId)];
  return bucket && Object.hasOwn(bucket, reservationId) ? bucket[reservationId] : undefined;
}

/** A reservation the state remembers: open, or among the last FINISHED_RESERVATIONS_KEPT to finish. */
export function reservationOf(state: StockState, reservationId: string): Reservation | undefined {
  const shown = shownReservation(state, reservationId);
  if (shown) return shown;
  for (let i = state.finished.length - 1; i >= 0; i--) if (state.finished[i]!.reservationId === reservationId) return state.finished[i];
  return undefined;
}

/** Every reservation `reservations` shows: the open ones and the newest few finished (in no particular order). */
export const shownReservations = (state: StockState): Reservation[] => state.reservations.flatMap((bucket) => (bucket ? Object.values(bucket) : []));

/**
 * A bucket copied with `id` set to `reservation`, or taken out (undefined). Prototype-less
 * (dictionary mode): copying a plain object whose keys are ever new ids makes V8 build a hidden
 * class per id, several times slower.
 */
function bucketWith(bucket: ReservationBucket | undefined, id: string, reservation: Reservation | undefined): ReservationBucket {
  const copy = Object.create(null) as ReservationBucket;
  if (bucket) for (const key of Object.keys(bucket)) if (key !== id) copy[key] = bucket[key]!;
  if (reservation) copy[id] = reservation;
  return copy;
}

/** `reservations` with `id` set to `reservation`, or taken out (undefined); its bucket alone is copied. */
function shownWith(state: Pick<StockState, 'reservations' | 'shown'>, id: string, reservation: Reservation | undefined): Pick<StockState, 'reservations' | 'shown'> {
  const index = bucketOf(id);
  const bucket = state.reservations[index] ?? undefined;
  const had = bucket !== undefined && Object.hasOwn(bucket, id);
  if (!had && !reservation) return state;
  // An array of at most RESERVATION_BUCKETS: a copy of it is a copy of pointers. Never holey, so it survives JSON as it is.
  const reservations = state.reservations.slice();
  while (reservations.length < index) reservations.push(null);
  const changed = bucketWith(bucket, id, reservation);
  reservations[index] = reservation || Object.keys(changed).length > 0 ? changed : null;
  return { reservations, shown: state.shown + (reservation ? 1 : 0) - (had ? 1 : 0) };
}

/**
 * The reservations after one of them changed. One that finished becomes a tombstone (nothing held)
 * at the end of `finished`, the oldest beyond `kept` are forgotten, and `reservations` keeps only
 * the newest few finished ones (a finished one is found in `finished` after that).
 *
 * An event copies at most two buckets of `reservations` (its reservation's, and the one of a
 * finished one it pushes out) and the tombstones, an array, which copies cheaply: its cost hardly
 * grows with the SKU's open reservations, where copying them all cost 1.8 ms an event at 10,000.
 */
function withReservation(state: StockState, reservation: Reservation, kept: number): Pick<StockState, 'reservations' | 'shown' | 'finished'> {
  const id = reservation.reservationId;
  const wasFinished = isFinished(reservationOf(state, id));
  const nowFinished = isFinished(reservation);
  const stored = nowFinished ? { ...reservation, held: [] } : reservation;
  let finished = state.finished;
  let shown: Pick<StockState, 'reservations' | 'shown'> = state;
  if (wasFinished) {
    // Changed after it finished: no decision does that (they answer from the tombstone), but events are facts.
    finished = nowFinished ? finished.map((r) => (r.reservationId === id ? stored : r)) : finished.filter((r) => r.reservationId !== id);
  } else if (nowFinished) {
    // The oldest of the newest finished ones shown in `reservations` makes room for this one.
    const showing = Math.min(kept, RECENTLY_FINISHED_SHOWN);
    const leaving = finished.length >= showing ? finished[finished.length - showing]?.reservationId : undefined;
    if (leaving !== undefined && leaving !== id) shown = shownWith(shown, leaving, undefined);
    finished = [...finished, stored];
    if (finished.length > kept) finished = finished.slice(finished.length - kept);
  }
  if (!wasFinished || !nowFinished || shownReservation(state, id)) shown = shownWith(shown, id, stored);
  return { ...shown, finished };
}

/** `evolve` for a state that remembers the last `kept` finished reservations (tests use small numbers). */
export function evolveKeeping(kept: number): (state: StockState, event: StockEvent) => StockState {
  if (!(kept >= 1)) throw new Error(`a stock state keeps at least one finished reservation, not ${kept}`);
  return (state, event) => {
    const sku = event.data.sku;
    switch (event.type) {
      case 'StockReceived':
        return { ...state, sku, warehouses: changeWarehouses(state, [{ warehouseId: event.data.warehouseId, onHand: event.data.quantity }]) };
      case 'StockAdjusted':
        return { ...state, sku, warehouses: changeWarehouses(state, [{ warehouseId: event.data.warehouseId, onHand: event.data.quantityChange }]) };
      case 'StockReserved': {
        const { reservationId, orderId, quantity, allocations, expiresAt } = event.data;
        return {
          sku,
          warehouses: changeWarehouses(state, allocations.map((a) => ({ warehouseId: a.warehouseId, reserved: a.quantity }))),
          ...withReservation(state, { reservationId, orderId, quantity, allocations, expiresAt, status: 'ACTIVE', held: allocations, commitIds: [] }, kept),
        };
      }
      case 'StockReservationReleased': {
        const warehouses = changeWarehouses(state, event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, reserved: -a.quantity })));
        const current = reservationOf(state, event.data.reservationId);
        if (!current) return { ...state, sku, warehouses };
        return { sku, warehouses, ...withReservation(state, { ...current, status: 'RELEASED' }, kept) };
      }
      case 'StockReservationConfirmed': {
        const current = reservationOf(state, event.data.reservationId);
        if (!current) return { ...state, sku };
        return { ...state, sku, ...withReservation(state, { ...current, status: 'CONFIRMED' }, kept) };
      }
      case 'StockReservationCommitted': {
        const warehouses = changeWarehouses(state, event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, onHand: -a.quantity, reserved: -a.quantity })));
        const current = reservationOf(state, event.data.reservationId);
        if (!current) return { ...state, sku, warehouses };
        const held = subtract(current.held, event.data.allocations);
        const commitIds = event.data.commitId ? [...current.commitIds, event.data.commitId] : current.commitIds;
        // Commits recorded before partial commits existed always took everything.
        const status: ReservationStatus = held.length === 0 || event.data.commitId === undefined ? 'COMMITTED' : current.status;
        return { sku, warehouses, ...withReservation(state, { ...current, held, commitIds, status }, kept) };
      }
    }
  };
}

export const evolve = evolveKeeping(FINISHED_RESERVATIONS_KEPT);

/**
 * Most available first, so a reservation touches as few warehouses as possible; ties go to the
 * lower warehouse code so the same state always gives the same allocation.
 */
export function allocate(state: StockState, quantity: number, warehouseCodes: Readonly<Record<string, string>> = {}): Allocation[] | undefined {
  const rankKey = (id: string) => warehouseCodes[id] ?? id;
  const candidates = Object.entries(state.warehouses)
    .map(([warehouseId, w]) => ({ warehouseId, available: available(w) }))
    .filter((c) => c.available > 0)
    .sort((a, b) => b.available - a.available || (rankKey(a.warehouseId) < rankKey(b.warehouseId) ? -1 : rankKey(a.warehouseId) > rankKey(b.warehouseId) ? 1 : 0));
  const allocations: Allocation[] = [];
  let missing = quantity;
  for (const candidate of candidates) {
    if (missing === 0) break;
    const taken = Math.min(missing, candidate.available);
    allocations.push({ warehouseId: candidate.warehouseId, quantity: taken });
    missing -= taken;
  }
  return missing === 0 ? allocations : undefined;
}

/**
 * A reservation the state no longer remembers (finished before the last FINISHED_RESERVATIONS_KEPT
 * finished ones) is unknown here: confirming or committing it is NOT_FOUND where it used to be
 * nothing or INVALID_STATE. What the system sends such a reservation: a release (nothing to do
 * either way) and, only after a process stalled for as long as that many reservations of the SKU
 * took to finish, a retried confirm, which the checkout treats like one of a released reservation.
 */
function existingReservation(state: StockState, sku: string, reservationId: string): Reservation {
  const reservation = reservationOf(state, reservationId);
  if (!reservation) throw new NotFoundError(`Reservation of ${sku}`, reservationId);
  return reservation;
}

function expiredAt(reservation: Reservation, now: Date): boolean {
  if (reservation.status !== 'ACTIVE' || reservation.expiresAt === null) return false;
  return new Date(reservation.expiresAt).getTime() <= now.getTime();
}

export function decide(command: StockCommand, state: StockState): StockEvent[] {
  const sku = validSku(command.sku);
  switch (command.type) {
    case 'ReceiveStock': {
      const quantity = positiveQuantity('quantity', command.quantity);
      onHandStaysBounded(state, sku, 'quantity', quantity);
      return [{ type: 'StockReceived', data: { sku, warehouseId: command.warehouseId, quantity } }];
    }
    case 'AdjustStock': {
      const change = quantityChange(command.quantityChange);
      const reason = text('reason', command.reason, { max: 500 });
      onHandStaysBounded(state, sku, 'quantityChange', change);
      const current = state.warehouses[command.warehouseId] ?? { onHand: 0, reserved: 0 };
      const onHand = current.onHand + change;
      if (onHand < current.reserved) {
        throw new InvalidStateError(`Cannot adjust ${sku} to ${onHand} on hand: ${current.reserved} are reserved in that warehouse`, {
          sku,
          warehouseId: command.warehouseId,
          onHand: current.onHand,
          reserved: current.reserved,
        });
      }
      return [{ type: 'StockAdjusted', data: { sku, warehouseId: command.warehouseId, quantityChange: change, reason } }];
    }
    case 'ReserveStock': {
      const reservationId = reservationIdOf(command.reservationId);
      const quantity = positiveQuantity('quantity', command.quantity);
      // Idempotent: a retried reservation finds its own earlier decision and takes nothing more.
      // One that finished so long ago that the state forgot it (see FINISHED_RESERVATIONS_KEPT) is
      // taken afresh. The checkout, which alone reserves, retries only while its checkout still
      // waits for the reservation: that takes a checkout stalled past its reservation's expiry while
      // more than that many reservations of the SKU finished. It then holds stock again and goes
      // on, where it used to fail on confirm (RESERVATION_EXPIRED); the read model reopens the row.
      if (reservationOf(state, reservationId)) return [];
      const allocations = allocate(state, quantity, command.warehouseCodes);
      if (!allocations) throw new InsufficientStockError([sku]);
      const expiresAt = command.expiresAt ? command.expiresAt.toISOString() : null;
      return [{ type: 'StockReserved', data: { sku, reservationId, orderId: command.orderId, quantity, allocations, expiresAt } }];
    }
    case 'ReleaseReservation': {
      const reservation = reservationOf(state, command.reservationId);
      // Nothing reserved (a checkout that failed before reserving) or already settled: nothing to do.
      if (!reservation || reservation.status === 'RELEASED' || reservation.status === 'COMMITTED') return [];
      // Expiry only ever takes back a reservation that is still unconfirmed and past its time, whatever a stale read model said.
      if (command.reason === 'EXPIRED' && !expiredAt(reservation, command.now)) return [];
      // Only what partial commits left behind goes back: shipped units are gone.
      return [{ type: 'StockReservationReleased', data: { sku, reservationId: reservation.reservationId, reason: command.reason, allocations: reservation.held } }];
    }
    case 'ConfirmReservation': {
      const reservation = existingReservation(state, sku, command.reservationId);
      if (reservation.status === 'CONFIRMED' || reservation.status === 'COMMITTED') return [];
      if (reservation.status === 'RELEASED') {
        throw new InvalidStateError(`Reservation ${reservation.reservationId} of ${sku} was already released`, { sku, reservationId: reservation.reservationId });
      }
      return [{ type: 'StockReservationConfirmed', data: { sku, reservationId: reservation.reservationId } }];
    }
    case 'CommitReservation':
      return commitReservation(command, sku, state);
  }
}

function commitReservation(command: Extract<StockCommand, { type: 'CommitReservation' }>, sku: string, state: StockState): StockEvent[] {
  const reservation = existingReservation(state, sku, command.reservationId);
  const reservationId = reservation.reservationId;
  if (command.commitId !== undefined && reservation.commitIds.includes(command.commitId)) return [];
  if (reservation.status === 'COMMITTED') {
    if (command.commitId === undefined) return [];
    throw new InvalidStateError(`Reservation ${reservationId} of ${sku} has nothing left to commit`, { sku, reservationId });
  }
  if (reservation.status === 'RELEASED') {
    throw new InvalidStateError(`Reservation ${reservationId} of ${sku} was released and cannot be committed`, { sku, reservationId });
  }
  if (command.commitId === undefined) {
    // The whole reservation (or what partial commits left of it), as before partial commits existed.
    return [{ type: 'StockReservationCommitted', data: { sku, reservationId, allocations: reservation.held } }];
  }
  const commitId = text('commitId', command.commitId, { max: 200 });
  const held = heldQuantity(reservation);
  const quantity = command.quantity === undefined ? held : positiveQuantity('quantity', command.quantity);
  if (quantity > held) {
    throw new InvalidStateError(`Reservation ${reservationId} of ${sku} holds ${held}, cannot commit ${quantity}`, { sku, reservationId, held, quantity });
  }
  return [{ type: 'StockReservationCommitted', data: { sku, reservationId, allocations: takeFrom(reservation.held, quantity), quantity, commitId } }];
}

/** How many reservations a SKU's state holds in `reservations`: the open ones, and a few just finished. */
export const heldReservations = (state: StockState): number => state.shown;

/** Events between a SKU's snapshots: 10, and a quarter more for each reservation it holds (see below). */
export const stockSnapshotInterval = (state: StockState): number => 10 + Math.floor(heldReservations(state) / 4);

/** The stock decider remembering the last `kept` finished reservations (tests use small numbers to see them forgotten). */
export function stockDeciderKeeping(kept: number): Decider<StockState, StockCommand, StockEvent> {
  return {
    streamType: STOCK_STREAM_TYPE,
    initialState,
    evolve: kept === FINISHED_RESERVATIONS_KEPT ? evolve : evolveKeeping(kept),
    decide,
    // A reservation appends two or three events: a load folds the snapshot and at most ~10 of them.
    // Every 100 measured slower (a busy SKU's loads parsed and folded ~37 events on average); every
    // 20 read ~12 rows a load, and the storm took 1.38–1.59 s against 1.36–1.46 s with 10 in
    // alternated rounds (the checkout loop within noise: 49–50 against 49–52/s); every 5 gained no more.
    // A snapshot holds every open reservation, so a SKU with many costs more to write (~480 bytes
    // of JSON each, written on the event loop and TOASTed by PostgreSQL): it is kept 10 + open/4
    // events apart (35 at 100, 2,510 at 10,000), so writing costs about the same per event however
    // many are open, and a cold load folds up to that many events (each copying one bucket of
    // reservations, see `withReservation`) beside the snapshot of all of them. Measured on a SKU
    // holding 10,000 (`npm run bench`, busy phase): every 10 + √open events, a node that knows the
    // SKU reserved at p99 84.7 ms (a 5 MB snapshot every 110 events), now 4.3 ms; a node that does
    // not know it loads in 53 ms p50 instead of 40. Warm reservations are the sale; cold loads
    // happen once per node. The checkout loop (up to ~175 open per SKU): 87, 90, 91, 90 checkouts/s
    // against 88, 88, 86, 83 (alternated rounds).
    // The state's shape, and what it keeps, are in the version: a snapshot of another is never folded on.
    snapshot: { every: stockSnapshotInterval, version: `stock-v3-kept-${kept}-shown-${RECENTLY_FINISHED_SHOWN}-buckets-${RESERVATION_BUCKETS}` },
  };
}

export const stockDecider = stockDeciderKeeping(FINISHED_RESERVATIONS_KEPT);
