import { describe, expect, it } from 'vitest';
import { InsufficientStockError } from '../../server/src/inventory/errors';
import type { StockEvent } from '../../server/src/inventory/events';
import { reservationOf, stockDecider } from '../../server/src/inventory/stock-decider';
import { BadUserInputError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(stockDecider);
const SKU = 'TEE-M';
const BER = '00000000-0000-4000-8000-00000000000b';
const AMS = '00000000-0000-4000-8000-00000000000a';
const codes = { [BER]: 'BER-1', [AMS]: 'AMS-1' };
const now = new Date('2026-11-23T12:00:00Z');
const later = '2026-11-23T12:15:00.000Z';

const received = (warehouseId: string, quantity: number): StockEvent => ({ type: 'StockReceived', data: { sku: SKU, warehouseId, quantity } });
const reserved = (reservationId: string, allocations: { warehouseId: string; quantity: number }[], expiresAt: string | null = later): StockEvent => ({
  type: 'StockReserved',
  data: { sku: SKU, reservationId, orderId: `order-${reservationId}`, quantity: allocations.reduce((s, a) => s + a.quantity, 0), allocations, expiresAt },
});
const reserve = (reservationId: string, quantity: number, expiresAt: Date | null = new Date(later)) =>
  ({ type: 'ReserveStock', sku: SKU, reservationId, orderId: `order-${reservationId}`, quantity, expiresAt, warehouseCodes: codes }) as const;

describe('stock decider: receiving and adjusting', () => {
  it('records received stock', () => {
    given([]).when({ type: 'ReceiveStock', sku: SKU, warehouseId: BER, quantity: 5 }).then([received(BER, 5)]);
  });

  it('rejects a quantity of zero, a negative or a fractional one', () => {
    for (const quantity of [0, -3, 1.5]) given([]).when({ type: 'ReceiveStock', sku: SKU, warehouseId: BER, quantity }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('rejects an invalid SKU', () => {
    given([]).when({ type: 'ReceiveStock', sku: 'no spaces', warehouseId: BER, quantity: 1 }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('adjusts on-hand up and down with a reason', () => {
    given([received(BER, 5)])
      .when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: -2, reason: ' damaged ' })
      .then([{ type: 'StockAdjusted', data: { sku: SKU, warehouseId: BER, quantityChange: -2, reason: 'damaged' } }]);
    given([]).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: 3, reason: 'count' }).then([
      { type: 'StockAdjusted', data: { sku: SKU, warehouseId: BER, quantityChange: 3, reason: 'count' } },
    ]);
  });

  it('rejects an adjustment of zero or without a reason', () => {
    given([received(BER, 5)]).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: 0, reason: 'count' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given([received(BER, 5)]).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: -1, reason: '  ' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('never takes on-hand below zero', () => {
    given([received(BER, 5)]).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: -6, reason: 'count' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('never takes on-hand below what is reserved in that warehouse', () => {
    const history = [received(BER, 5), received(AMS, 5), reserved('r1', [{ warehouseId: BER, quantity: 4 }])];
    given(history).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: -2, reason: 'damage' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(history).when({ type: 'AdjustStock', sku: SKU, warehouseId: BER, quantityChange: -1, reason: 'damage' }).then([
      { type: 'StockAdjusted', data: { sku: SKU, warehouseId: BER, quantityChange: -1, reason: 'damage' } },
    ]);
  });
});

describe('stock decider: reserving', () => {
  it('reserves from the warehouse with the most available', () => {
    given([received(BER, 3), received(AMS, 7)]).when(reserve('r1', 2)).then([reserved('r1', [{ warehouseId: AMS, quantity: 2 }])]);
  });

  it('breaks a tie by warehouse code, whatever order the stock arrived in', () => {
    given([received(BER, 5), received(AMS, 5)]).when(reserve('r1', 2)).then([reserved('r1', [{ warehouseId: AMS, quantity: 2 }])]);
    given([received(AMS, 5), received(BER, 5)]).when(reserve('r1', 2)).then([reserved('r1', [{ warehouseId: AMS, quantity: 2 }])]);
  });

  it('splits across warehouses when one is not enough, most available first', () => {
    given([received(BER, 4), received(AMS, 3)]).when(reserve('r1', 6)).then([
      reserved('r1', [
        { warehouseId: BER, quantity: 4 },
        { warehouseId: AMS, quantity: 2 },
      ]),
    ]);
  });

  it('counts only what other reservations left available', () => {
    given([received(BER, 4), received(AMS, 3), reserved('r1', [{ warehouseId: BER, quantity: 3 }])])
      .when(reserve('r2', 3))
      .then([
        reserved('r2', [
          { warehouseId: AMS, quantity: 3 },
        ]),
      ]);
  });

  it('rejects a reservation that does not fit, naming the SKU', () => {
    const error = given([received(BER, 2), received(AMS, 1), reserved('r1', [{ warehouseId: BER, quantity: 1 }])])
      .when(reserve('r2', 3))
      .thenRejects(InsufficientStockError, 'INVALID_STATE');
    expect((error as InsufficientStockError).skus).toEqual([SKU]);
    expect(error.details).toEqual({ skus: [SKU] });
  });

  it('rejects reserving a SKU that never had stock', () => {
    given([]).when(reserve('r1', 1)).thenRejects(InsufficientStockError, 'INVALID_STATE');
  });

  it('rejects a non-positive quantity', () => {
    given([received(BER, 2)]).when(reserve('r1', 0)).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('is idempotent per reservation id, whatever became of the reservation', () => {
    const taken = [received(BER, 2), reserved('r1', [{ warehouseId: BER, quantity: 2 }])];
    given(taken).when(reserve('r1', 2)).thenNothing();
    given([...taken, { type: 'StockReservationReleased', data: { sku: SKU, reservationId: 'r1', reason: 'CHECKOUT_FAILED', allocations: [{ warehouseId: BER, quantity: 2 }] } }])
      .when(reserve('r1', 2))
      .thenNothing();
  });

  it('records a reservation without expiry as such', () => {
    given([received(BER, 2)]).when(reserve('r1', 1, null)).then([reserved('r1', [{ warehouseId: BER, quantity: 1 }], null)]);
  });
});

describe('stock decider: releasing, confirming, committing', () => {
  const allocations = [
    { warehouseId: BER, quantity: 4 },
    { warehouseId: AMS, quantity: 2 },
  ];
  const active = [received(BER, 4), received(AMS, 3), reserved('r1', allocations)];
  const confirmed: StockEvent[] = [...active, { type: 'StockReservationConfirmed', data: { sku: SKU, reservationId: 'r1' } }];
  const released: StockEvent = { type: 'StockReservationReleased', data: { sku: SKU, reservationId: 'r1', reason: 'CHECKOUT_FAILED', allocations } };
  const committed: StockEvent = { type: 'StockReservationCommitted', data: { sku: SKU, reservationId: 'r1', allocations } };
  const release = (reason: 'CHECKOUT_FAILED' | 'EXPIRED' | 'CANCELLED', at = now) => ({ type: 'ReleaseReservation', sku: SKU, reservationId: 'r1', reason, now: at }) as const;

  it('releases every allocation of an active reservation', () => {
    given(active).when(release('CHECKOUT_FAILED')).then([released]);
  });

  it('releases a confirmed reservation when the order is cancelled', () => {
    given(confirmed).when(release('CANCELLED')).then([{ ...released, data: { ...released.data, reason: 'CANCELLED' } } as StockEvent]);
  });

  it('makes the released stock available again', () => {
    given([...active, released]).when(reserve('r2', 7)).then([
      reserved('r2', [
        { warehouseId: BER, quantity: 4 },
        { warehouseId: AMS, quantity: 3 },
      ]),
    ]);
  });

  it('releasing is idempotent: unknown, released and committed reservations give nothing', () => {
    given([received(BER, 1)]).when(release('CHECKOUT_FAILED')).thenNothing();
    given([...active, released]).when(release('CHECKOUT_FAILED')).thenNothing();
    given([...active, committed]).when(release('CANCELLED')).thenNothing();
  });

  it('expires only an active reservation past its expiry', () => {
    given(active).when(release('EXPIRED', new Date(later))).then([{ ...released, data: { ...released.data, reason: 'EXPIRED' } } as StockEvent]);
    given(active).when(release('EXPIRED', now)).thenNothing();
    given(confirmed).when(release('EXPIRED', new Date('2030-01-01'))).thenNothing();
    given([received(BER, 2), reserved('r1', [{ warehouseId: BER, quantity: 1 }], null)]).when(release('EXPIRED', new Date('2030-01-01'))).thenNothing();
  });

  it('confirms an active reservation once', () => {
    given(active).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r1' }).then([{ type: 'StockReservationConfirmed', data: { sku: SKU, reservationId: 'r1' } }]);
    given(confirmed).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r1' }).thenNothing();
    given([...confirmed, committed]).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r1' }).thenNothing();
  });

  it('cannot confirm a released or an unknown reservation', () => {
    given([...active, released]).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'r1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(active).when({ type: 'ConfirmReservation', sku: SKU, reservationId: 'nope' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('commits a confirmed (or still active) reservation with its allocations, once', () => {
    given(confirmed).when({ type: 'CommitReservation', sku: SKU, reservationId: 'r1' }).then([committed]);
    given(active).when({ type: 'CommitReservation', sku: SKU, reservationId: 'r1' }).then([committed]);
    given([...confirmed, committed]).when({ type: 'CommitReservation', sku: SKU, reservationId: 'r1' }).thenNothing();
  });

  it('cannot commit a released or an unknown reservation', () => {
    given([...active, released]).when({ type: 'CommitReservation', sku: SKU, reservationId: 'r1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(active).when({ type: 'CommitReservation', sku: SKU, reservationId: 'nope' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('a commit takes the units off on-hand and reserved alike', () => {
    const state = [...confirmed, committed].reduce(stockDecider.evolve, stockDecider.initialState());
    expect(state.warehouses).toEqual({ [BER]: { onHand: 0, reserved: 0 }, [AMS]: { onHand: 1, reserved: 0 } });
    expect(reservationOf(state, 'r1')!.status).toBe('COMMITTED');
  });
});
