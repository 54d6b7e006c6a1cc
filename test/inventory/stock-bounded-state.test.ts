import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockEvent } from '../../server/src/inventory/events';
import {
  FINISHED_RESERVATIONS_KEPT,
  heldReservations,
  RECENTLY_FINISHED_SHOWN,
  reservationOf,
  shownReservations,
  stockDecider,
  stockDeciderKeeping,
  type StockCommand,
  type StockState,
} from '../../server/src/inventory/stock-decider';
import { DomainError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const SKU = 'BOUND-1';
const warehouse = fc.constantFrom('w-1', 'w-2');
const reservationId = fc.constantFrom(...Array.from({ length: 10 }, (_, i) => `r-${i}`));
const time = fc.integer({ min: 0, max: 100 }).map((minutes) => new Date(Date.UTC(2026, 10, 30, 12, minutes)));

const command: fc.Arbitrary<StockCommand> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('ReceiveStock' as const), sku: fc.constant(SKU), warehouseId: warehouse, quantity: fc.integer({ min: 1, max: 20 }) }) },
  fc.record({ type: fc.constant('AdjustStock' as const), sku: fc.constant(SKU), warehouseId: warehouse, quantityChange: fc.integer({ min: -10, max: 10 }), reason: fc.constant('count') }),
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('ReserveStock' as const),
      sku: fc.constant(SKU),
      reservationId,
      orderId: fc.constant('order'),
      quantity: fc.integer({ min: 1, max: 8 }),
      expiresAt: fc.option(time, { nil: null }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('ReleaseReservation' as const), sku: fc.constant(SKU), reservationId, reason: fc.constantFrom('CHECKOUT_FAILED' as const, 'EXPIRED' as const, 'CANCELLED' as const), now: time }),
  },
  fc.record({ type: fc.constant('ConfirmReservation' as const), sku: fc.constant(SKU), reservationId }),
  fc.record({ type: fc.constant('CommitReservation' as const), sku: fc.constant(SKU), reservationId }),
  fc.record({ type: fc.constant('CommitReservation' as const), sku: fc.constant(SKU), reservationId, quantity: fc.integer({ min: 1, max: 5 }), commitId: fc.constantFrom('s-1', 's-2') }),
);

type Outcome = { events: StockEvent[] } | { error: string; code: string };
function outcome(decide: () => StockEvent[]): Outcome {
  try {
    return { events: decide() };
  } catch (error) {
    // Only deliberate domain rejections are expected.
    expect(error).toBeInstanceOf(DomainError);
    return { error: (error as DomainError).constructor.name, code: (error as DomainError).code };
  }
}

const isFinished = (state: StockState, id: string) => ['RELEASED', 'COMMITTED'].includes(reservationOf(state, id)?.status ?? '');
/** Every reservation a state remembers, by id. */
const remembered = (state: StockState) => new Map([...state.finished, ...shownReservations(state)].map((r) => [r.reservationId, r]));
/** The ids of the reservations a state shows in `reservations`, sorted. */
const shownIds = (state: StockState) => shownReservations(state).map((r) => r.reservationId).sort();
/** The state as if the reservation had never been taken. */
function without(state: StockState, id: string): StockState {
  const shown = shownReservations(state).some((r) => r.reservationId === id);
  const reservations = state.reservations.map((bucket) => (bucket && Object.hasOwn(bucket, id) ? Object.fromEntries(Object.entries(bucket).filter(([key]) => key !== id)) : bucket));
  return { ...state, reservations, shown: state.shown - (shown ? 1 : 0), finished: state.finished.filter((r) => r.reservationId !== id) };
}
/** What a snapshot does to a state: JSON in, JSON out. */
const throughSnapshot = (state: StockState): StockState => JSON.parse(JSON.stringify(state)) as StockState;

describe('stock state stays bounded', () => {
  const kept2 = stockDeciderKeeping(2);
  const { given } = scenariosFor(kept2);
  const allocations = [{ warehouseId: 'w-1', quantity: 1 }];
  const reserved = (id: string): StockEvent => ({ type: 'StockReserved', data: { sku: SKU, reservationId: id, orderId: 'o', quantity: 1, allocations, expiresAt: null } });
  const released = (id: string): StockEvent => ({ type: 'StockReservationReleased', data: { sku: SKU, reservationId: id, reason: 'CHECKOUT_FAILED', allocations } });
  const committed = (id: string): StockEvent => ({ type: 'StockReservationCommitted', data: { sku: SKU, reservationId: id, allocations } });
  const three: StockEvent[] = [
    { type: 'StockReceived', data: { sku: SKU, warehouseId: 'w-1', quantity: 10 } },
    reserved('r1'),
    released('r1'),
    reserved('r2'),
    released('r2'),
    reserved('r3'),
    committed('r3'),
    reserved('open'),
  ];

  it('keeps every open reservation and the last finished ones, as tombstones holding nothing', () => {
    const state = three.reduce(kept2.evolve, kept2.initialState());
    expect(shownIds(state)).toEqual(['open', 'r2', 'r3']);
    expect(heldReservations(state)).toBe(3);
    expect(state.finished.map((r) => r.reservationId)).toEqual(['r2', 'r3']);
    expect(shownReservations(state).find((r) => r.reservationId === 'r2')).toMatchObject({ status: 'RELEASED', held: [], quantity: 1, allocations });
    expect(reservationOf(state, 'r1')).toBeUndefined();
    expect(state.warehouses).toEqual({ 'w-1': { onHand: 9, reserved: 1 } });
  });

  it('answers commands on the finished reservations it keeps as before', () => {
    given(three).when({ type: 'ReleaseReservation', sku: SKU, reservationId: 'r2', reason: 'CANCELLED', now: new Date() }).thenNothing();
    given(three).when({ type: 'ReserveStock', sku: SKU, reservationId: 'r2', orderId: 'o', quantity: 1, expiresAt: null }).thenNothing();
    given(three).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r2' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(three).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r3' }).thenNothing();
    given(three).when({ type: 'CommitReservation', sku: SKU, reservationId: 'r3' }).thenNothing();
  });

  it('treats a forgotten reservation as unknown: releasing it is still nothing, confirming is NOT_FOUND, reserving takes it afresh', () => {
    given(three).when({ type: 'ReleaseReservation', sku: SKU, reservationId: 'r1', reason: 'CANCELLED', now: new Date() }).thenNothing();
    given(three).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r1' }).thenRejects(NotFoundError, 'NOT_FOUND');
    given(three).when({ type: 'ReserveStock', sku: SKU, reservationId: 'r1', orderId: 'o', quantity: 1, expiresAt: null }).then([reserved('r1')]);
  });

  it('remembers the last FINISHED_RESERVATIONS_KEPT finished reservations of a SKU with thousands', () => {
    let state = stockDecider.evolve(stockDecider.initialState(), { type: 'StockReceived', data: { sku: SKU, warehouseId: 'w-1', quantity: 5 } });
    for (let i = 0; i < 3000; i++) {
      state = stockDecider.evolve(state, reserved(`many-${i}`));
      state = stockDecider.evolve(state, i % 2 ? released(`many-${i}`) : committed(`many-${i}`));
      if (i % 2 === 0) state = stockDecider.evolve(state, { type: 'StockReceived', data: { sku: SKU, warehouseId: 'w-1', quantity: 1 } });
    }
    expect(state.finished.map((r) => r.reservationId)).toEqual(Array.from({ length: FINISHED_RESERVATIONS_KEPT }, (_, i) => `many-${3000 - FINISHED_RESERVATIONS_KEPT + i}`));
    expect(state.finished.every((r) => r.held.length === 0)).toBe(true);
    // `reservations` (copied by every event) shows only the newest few of them.
    expect(shownIds(state)).toEqual(Array.from({ length: RECENTLY_FINISHED_SHOWN }, (_, i) => `many-${3000 - RECENTLY_FINISHED_SHOWN + i}`).sort());
    expect(heldReservations(state)).toBe(RECENTLY_FINISHED_SHOWN);
    expect(state.warehouses).toEqual({ 'w-1': { onHand: 5, reserved: 0 } });

    // A finished reservation no longer shown is still answered from its tombstone.
    const older = `many-${3000 - FINISHED_RESERVATIONS_KEPT + 1}`;
    expect(shownIds(state)).not.toContain(older);
    expect(stockDecider.decide({ type: 'ReserveStock', sku: SKU, reservationId: older, orderId: 'o', quantity: 1, expiresAt: null }, state)).toEqual([]);
    expect(stockDecider.decide({ type: 'ReleaseReservation', sku: SKU, reservationId: older, reason: 'EXPIRED', now: new Date() }, state)).toEqual([]);
    expect(() => stockDecider.decide({ type: 'ConfirmReservation', sku: SKU, reservationId: older }, state)).toThrow(InvalidStateError);
    const committedOne = `many-${3000 - FINISHED_RESERVATIONS_KEPT}`;
    expect(stockDecider.decide({ type: 'ConfirmReservation', sku: SKU, reservationId: committedOne }, state)).toEqual([]);
    expect(stockDecider.decide({ type: 'CommitReservation', sku: SKU, reservationId: committedOne }, state)).toEqual([]);
    // One finished before the last FINISHED_RESERVATIONS_KEPT is forgotten.
    expect(() => stockDecider.decide({ type: 'ConfirmReservation', sku: SKU, reservationId: `many-${3000 - FINISHED_RESERVATIONS_KEPT - 1}` }, state)).toThrow(NotFoundError);
  });
});

describe('stock state properties with snapshots and forgetting', () => {
  it('a state through a snapshot at any points folds on to the same state and decides the same as the full fold', () => {
    const decider = stockDeciderKeeping(3);
    fc.assert(
      fc.property(fc.array(fc.tuple(command, fc.boolean()), { minLength: 1, maxLength: 100 }), (steps) => {
        let full = decider.initialState();
        let snapshotted = decider.initialState();
        for (const [cmd, snapshotHere] of steps) {
          const decided = outcome(() => decider.decide(cmd, full));
          expect(outcome(() => decider.decide(cmd, snapshotted))).toStrictEqual(decided);
          if ('events' in decided) {
            full = decided.events.reduce(decider.evolve, full);
            snapshotted = decided.events.reduce(decider.evolve, snapshotted);
          }
          if (snapshotHere) snapshotted = throughSnapshot(snapshotted);
          expect(snapshotted).toEqual(full);
          expect(shownIds(snapshotted)).toEqual(shownIds(full));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('forgetting changes only the answers on forgotten reservations, as documented, and never the stock', () => {
    const bounded = stockDeciderKeeping(2);
    const unbounded = stockDeciderKeeping(Number.MAX_SAFE_INTEGER);
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 100 }), (commands) => {
        let small = bounded.initialState();
        let all = unbounded.initialState();
        for (const cmd of commands) {
          const decided = outcome(() => bounded.decide(cmd, small));
          const before = outcome(() => unbounded.decide(cmd, all));
          const id = 'reservationId' in cmd ? cmd.reservationId : undefined;
          const forgotten = id !== undefined && isFinished(all, id) && !reservationOf(small, id);
          if (!forgotten) {
            expect(decided).toStrictEqual(before);
          } else {
            // As if never reserved: a release is nothing (as before), a confirm or commit NOT_FOUND, a reservation taken afresh.
            expect(decided).toStrictEqual(outcome(() => unbounded.decide(cmd, without(all, id))));
            if (cmd.type === 'ReleaseReservation') expect(decided).toStrictEqual(before);
            if (cmd.type === 'ConfirmReservation' || cmd.type === 'CommitReservation') expect(decided).toEqual({ error: 'NotFoundError', code: 'NOT_FOUND' });
          }
          if ('events' in decided) {
            small = decided.events.reduce(bounded.evolve, small);
            all = decided.events.reduce(unbounded.evolve, all);
          }
          expect(small.warehouses).toEqual(all.warehouses);
          expect(small.finished.length).toBeLessThanOrEqual(2);
          for (const [rid, reservation] of remembered(small)) expect(reservation).toEqual(reservationOf(all, rid));
          for (const [rid, reservation] of remembered(all)) if (!isFinished(all, rid)) expect(reservationOf(small, rid)).toEqual(reservation);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('a SKU with thousands of open reservations', () => {
  const allocations = [{ warehouseId: 'w-1', quantity: 1 }];
  const reserved = (id: string): StockEvent => ({ type: 'StockReserved', data: { sku: SKU, reservationId: id, orderId: 'o', quantity: 1, allocations, expiresAt: null } });
  const released = (id: string): StockEvent => ({ type: 'StockReservationReleased', data: { sku: SKU, reservationId: id, reason: 'CHECKOUT_FAILED', allocations } });
  const busy = (open: number): StockState =>
    Array.from({ length: open }, (_, i) => reserved(`open-${i}`)).reduce(stockDecider.evolve, stockDecider.evolve(stockDecider.initialState(), { type: 'StockReceived', data: { sku: SKU, warehouseId: 'w-1', quantity: 1_000_000 } }));
  /** The buckets of `reservations` an event gave new objects: the others are shared with the state before. */
  const copiedBuckets = (before: StockState, after: StockState) => after.reservations.filter((bucket, i) => bucket !== before.reservations[i]);

  it('copies only the bucket of the reservation an event changes, not every open reservation', () => {
    const before = busy(3_000);
    const more = stockDecider.evolve(before, reserved('one-more'));
    expect(copiedBuckets(before, more)).toEqual([expect.objectContaining({ 'one-more': expect.objectContaining({ status: 'ACTIVE' }) })]);
    // A bucket holds about 3,000 / RESERVATION_BUCKETS of them (12): the event copied those, not 3,000.
    expect(Object.keys(copiedBuckets(before, more)[0]!).length).toBeLessThan(40);
    expect(heldReservations(more)).toBe(3_001);

    // A release also takes the oldest shown finished reservation out once RECENTLY_FINISHED_SHOWN are shown: at most two buckets.
    let state = more;
    for (let i = 0; i < RECENTLY_FINISHED_SHOWN; i++) state = stockDecider.evolve(state, released(`open-${i}`));
    const after = stockDecider.evolve(state, released('one-more'));
    expect(copiedBuckets(state, after).length).toBeGreaterThanOrEqual(1);
    expect(copiedBuckets(state, after).length).toBeLessThanOrEqual(2);
    expect(shownIds(after)).not.toContain('open-0');
    expect(reservationOf(after, 'one-more')).toMatchObject({ status: 'RELEASED', held: [] });
    // 2,992 open and the 8 newest finished.
    expect(heldReservations(after)).toBe(3_000);
    expect(state.reservations).not.toBe(after.reservations);
    expect(reservationOf(state, 'one-more')).toMatchObject({ status: 'ACTIVE' });
  });

  it('finds every open reservation, and survives a snapshot unchanged', () => {
    const state = busy(2_000);
    for (let i = 0; i < 2_000; i++) expect(reservationOf(state, `open-${i}`)?.status).toBe('ACTIVE');
    expect(shownIds(state)).toHaveLength(2_000);
    const snapshotted = throughSnapshot(state);
    expect(snapshotted).toEqual(state);
    const next = (s: StockState) => [released('open-7'), reserved('new')].reduce(stockDecider.evolve, s);
    expect(next(snapshotted)).toEqual(next(state));
  });
});
