import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StockEvent } from '../../server/src/inventory/events';
import { available, heldQuantity, shownReservations, stockDecider, totals, type StockCommand, type StockState } from '../../server/src/inventory/stock-decider';
import { DomainError } from '../../server/src/shared/errors';

const SKU = 'PROP-1';
const warehouse = fc.constantFrom('w-1', 'w-2', 'w-3');
const reservationId = fc.constantFrom('r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5', 'r-6', 'r-7');
const time = fc.integer({ min: 0, max: 100 }).map((minutes) => new Date(Date.UTC(2026, 10, 23, 12, minutes)));

const command: fc.Arbitrary<StockCommand> = fc.oneof(
  fc.record({ type: fc.constant('ReceiveStock' as const), sku: fc.constant(SKU), warehouseId: warehouse, quantity: fc.integer({ min: -2, max: 20 }) }),
  fc.record({ type: fc.constant('AdjustStock' as const), sku: fc.constant(SKU), warehouseId: warehouse, quantityChange: fc.integer({ min: -25, max: 25 }), reason: fc.constant('count') }),
  fc.record({
    type: fc.constant('ReserveStock' as const),
    sku: fc.constant(SKU),
    reservationId,
    orderId: fc.constant('order'),
    quantity: fc.integer({ min: 0, max: 30 }),
    expiresAt: fc.option(time, { nil: null }),
  }),
  fc.record({ type: fc.constant('ReleaseReservation' as const), sku: fc.constant(SKU), reservationId, reason: fc.constantFrom('CHECKOUT_FAILED' as const, 'EXPIRED' as const, 'CANCELLED' as const), now: time }),
  fc.record({ type: fc.constant('ConfirmReservation' as const), sku: fc.constant(SKU), reservationId }),
  fc.record({ type: fc.constant('CommitReservation' as const), sku: fc.constant(SKU), reservationId }),
  // Partial commits (shipments of part of a reservation), with keys that sometimes repeat.
  fc.record({
    type: fc.constant('CommitReservation' as const),
    sku: fc.constant(SKU),
    reservationId,
    quantity: fc.integer({ min: 0, max: 12 }),
    commitId: fc.constantFrom('s-1', 's-2', 's-3'),
  }),
);

/** Recomputes, from the events alone and without the decider's evolve, what every warehouse must show. */
function ledger(events: StockEvent[]) {
  const onHand = new Map<string, number>();
  const open = new Map<string, { warehouseId: string; quantity: number }[]>();
  const add = (id: string, n: number) => onHand.set(id, (onHand.get(id) ?? 0) + n);
  for (const event of events) {
    if (event.type === 'StockReceived') add(event.data.warehouseId, event.data.quantity);
    if (event.type === 'StockAdjusted') add(event.data.warehouseId, event.data.quantityChange);
    if (event.type === 'StockReserved') open.set(event.data.reservationId, event.data.allocations);
    if (event.type === 'StockReservationReleased') open.delete(event.data.reservationId);
    if (event.type === 'StockReservationCommitted') {
      for (const a of event.data.allocations) add(a.warehouseId, -a.quantity);
      const left = (open.get(event.data.reservationId) ?? []).map((o) => ({ ...o }));
      for (const a of event.data.allocations) {
        const from = left.find((o) => o.warehouseId === a.warehouseId);
        if (from) from.quantity -= a.quantity;
      }
      if (left.some((o) => o.quantity < 0)) throw new Error(`commit took more than reservation ${event.data.reservationId} held`);
      open.set(event.data.reservationId, left.filter((o) => o.quantity > 0));
    }
  }
  const reserved = new Map<string, number>();
  for (const allocations of open.values()) for (const a of allocations) reserved.set(a.warehouseId, (reserved.get(a.warehouseId) ?? 0) + a.quantity);
  return { onHand, reserved, openQuantity: [...open.values()].flat().reduce((sum, a) => sum + a.quantity, 0) };
}

function checkInvariants(state: StockState, events: StockEvent[]) {
  for (const w of Object.values(state.warehouses)) {
    expect(w.reserved).toBeGreaterThanOrEqual(0);
    expect(w.onHand).toBeGreaterThanOrEqual(w.reserved);
    expect(available(w)).toBe(w.onHand - w.reserved);
  }
  const total = totals(state);
  expect(total.available).toBe(total.onHand - total.reserved);
  expect(total.available).toBeGreaterThanOrEqual(0);
  const expected = ledger(events);
  for (const [warehouseId, w] of Object.entries(state.warehouses)) {
    expect(w.onHand).toBe(expected.onHand.get(warehouseId) ?? 0);
    expect(w.reserved).toBe(expected.reserved.get(warehouseId) ?? 0);
  }
  const activeReservations = shownReservations(state).filter((r) => r.status === 'ACTIVE' || r.status === 'CONFIRMED');
  expect(total.reserved).toBe(activeReservations.reduce((sum, r) => sum + heldQuantity(r), 0));
  for (const r of shownReservations(state)) expect(heldQuantity(r)).toBeLessThanOrEqual(r.quantity);
  expect(total.reserved).toBe(expected.openQuantity);
}

describe('stock decider properties', () => {
  it('after every step: available = onHand - reserved >= 0 per warehouse and in total, and reserved = the open reservations', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 80 }), (commands) => {
        let state = stockDecider.initialState();
        const events: StockEvent[] = [];
        for (const cmd of commands) {
          let decided: StockEvent[] = [];
          try {
            decided = stockDecider.decide(cmd, state);
          } catch (error) {
            // A rejected command is fine, as long as it is a deliberate domain rejection.
            expect(error).toBeInstanceOf(DomainError);
          }
          for (const event of decided) {
            if (event.type === 'StockReserved') {
              expect(event.data.allocations.every((a) => a.quantity > 0)).toBe(true);
              expect(event.data.allocations.reduce((sum, a) => sum + a.quantity, 0)).toBe(event.data.quantity);
            }
            state = stockDecider.evolve(state, event);
            events.push(event);
          }
          checkInvariants(state, events);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a reservation is granted exactly when the SKU has that much available', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (commands, quantity) => {
        let state = stockDecider.initialState();
        for (const cmd of commands) {
          try {
            state = stockDecider.decide(cmd, state).reduce(stockDecider.evolve, state);
          } catch {
            // rejected: state unchanged
          }
        }
        const before = totals(state).available;
        let granted = false;
        try {
          granted = stockDecider.decide({ type: 'ReserveStock', sku: SKU, reservationId: 'fresh', orderId: 'o', quantity, expiresAt: null }, state).length === 1;
        } catch {
          granted = false;
        }
        expect(granted).toBe(before >= quantity);
      }),
      { numRuns: 300 },
    );
  });
});
