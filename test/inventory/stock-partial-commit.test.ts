import { describe, expect, it } from 'vitest';
import type { StockEvent } from '../../server/src/inventory/events';
import { heldQuantity, reservationOf, stockDecider } from '../../server/src/inventory/stock-decider';
import { InvalidStateError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(stockDecider);
const SKU = 'PART-1';
const BER = 'w-ber';
const AMS = 'w-ams';
const allocations = [
  { warehouseId: BER, quantity: 4 },
  { warehouseId: AMS, quantity: 2 },
];
const confirmed: StockEvent[] = [
  { type: 'StockReceived', data: { sku: SKU, warehouseId: BER, quantity: 4 } },
  { type: 'StockReceived', data: { sku: SKU, warehouseId: AMS, quantity: 3 } },
  { type: 'StockReserved', data: { sku: SKU, reservationId: 'r1', orderId: 'o1', quantity: 6, allocations, expiresAt: null } },
  { type: 'StockReservationConfirmed', data: { sku: SKU, reservationId: 'r1' } },
];
const commit = (quantity: number, commitId: string) => ({ type: 'CommitReservation', sku: SKU, reservationId: 'r1', quantity, commitId }) as const;
const committed = (commitId: string, quantity: number, taken: { warehouseId: string; quantity: number }[]): StockEvent => ({
  type: 'StockReservationCommitted',
  data: { sku: SKU, reservationId: 'r1', allocations: taken, quantity, commitId },
});
const stateAfter = (events: StockEvent[]) => events.reduce(stockDecider.evolve, stockDecider.initialState());

describe('stock decider: partial commits (shipments of part of a reservation)', () => {
  const first = committed('ship-1', 5, [
    { warehouseId: BER, quantity: 4 },
    { warehouseId: AMS, quantity: 1 },
  ]);

  it('commits part of a reservation from its allocations, keeping the rest held', () => {
    given(confirmed).when(commit(5, 'ship-1')).then([first]);
    const state = stateAfter([...confirmed, first]);
    expect(state.warehouses).toEqual({ [BER]: { onHand: 0, reserved: 0 }, [AMS]: { onHand: 2, reserved: 1 } });
    expect(reservationOf(state, 'r1')!.status).toBe('CONFIRMED');
    expect(heldQuantity(reservationOf(state, 'r1')!)).toBe(1);
  });

  it('commits nothing twice under one key', () => {
    given([...confirmed, first]).when(commit(5, 'ship-1')).thenNothing();
  });

  it('the last units make the reservation COMMITTED', () => {
    const last = committed('ship-2', 1, [{ warehouseId: AMS, quantity: 1 }]);
    given([...confirmed, first]).when(commit(1, 'ship-2')).then([last]);
    const state = stateAfter([...confirmed, first, last]);
    expect(reservationOf(state, 'r1')!.status).toBe('COMMITTED');
    expect(state.warehouses).toEqual({ [BER]: { onHand: 0, reserved: 0 }, [AMS]: { onHand: 1, reserved: 0 } });
  });

  it('never commits more than is still held', () => {
    given([...confirmed, first]).when(commit(2, 'ship-2')).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('releasing after a partial commit gives back only what is still held', () => {
    given([...confirmed, first])
      .when({ type: 'ReleaseReservation', sku: SKU, reservationId: 'r1', reason: 'CANCELLED', now: new Date() })
      .then([{ type: 'StockReservationReleased', data: { sku: SKU, reservationId: 'r1', reason: 'CANCELLED', allocations: [{ warehouseId: AMS, quantity: 1 }] } }]);
  });
});
