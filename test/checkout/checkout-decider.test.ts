import { describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import { checkoutDecider, initialState, nextStep, type CheckoutCommand, type CheckoutStep } from '../../server/src/checkout/checkout-decider';
import type { CheckoutEvent } from '../../server/src/checkout/events';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(checkoutDecider);

const checkoutId = '11111111-1111-4111-8111-111111111111';
const orderId = '22222222-2222-4222-8222-222222222222';
const paymentId = '33333333-3333-4333-8333-333333333333';
const reservationId = checkoutId;
const lines = [
  { sku: 'MUG-1', quantity: 2 },
  { sku: 'MUG-2', quantity: 1 },
];
const total = { amount: 2500, currency: 'EUR' };

const start: CheckoutCommand = { type: 'StartCheckout', checkoutId, orderId, attempt: 1, lines, total, paymentTokenRef: 'token-ref-1' };
const requestReservation: CheckoutCommand = { type: 'RequestStockReservation', reservationId };
const recordReserved: CheckoutCommand = { type: 'RecordStockReserved' };
const recordUnavailable: CheckoutCommand = { type: 'RecordStockUnavailable', skus: ['MUG-2'] };
const requestAuthorization: CheckoutCommand = { type: 'RequestPaymentAuthorization', paymentId };
const recordAuthorized: CheckoutCommand = { type: 'RecordPaymentAuthorized' };
const recordDeclined: CheckoutCommand = { type: 'RecordPaymentDeclined', declineCode: 'do_not_honor', bank: 'Bank of Testland' };
const recordPaymentFailed: CheckoutCommand = { type: 'RecordPaymentFailed', error: 'gateway unreachable' };
const complete: CheckoutCommand = { type: 'CompleteCheckout' };
const fail: CheckoutCommand = { type: 'FailCheckout' };
const failExpired: CheckoutCommand = { type: 'FailCheckout', reason: 'RESERVATION_EXPIRED' };

const started: CheckoutEvent = { type: 'CheckoutStarted', data: { checkoutId, orderId, attempt: 1, lines, total, paymentTokenRef: 'token-ref-1' } };
const reservationRequested: CheckoutEvent = { type: 'CheckoutStockReservationRequested', data: { checkoutId, reservationId } };
const stockReserved: CheckoutEvent = { type: 'CheckoutStockReserved', data: { checkoutId, reservationId } };
const stockUnavailable: CheckoutEvent = { type: 'CheckoutStockUnavailable', data: { checkoutId, skus: ['MUG-2'] } };
const authorizationRequested: CheckoutEvent = { type: 'CheckoutPaymentAuthorizationRequested', data: { checkoutId, paymentId, amount: total } };
const authorized: CheckoutEvent = { type: 'CheckoutPaymentAuthorized', data: { checkoutId, paymentId } };
const declined: CheckoutEvent = { type: 'CheckoutPaymentDeclined', data: { checkoutId, paymentId, declineCode: 'do_not_honor', bank: 'Bank of Testland' } };
const paymentFailed: CheckoutEvent = { type: 'CheckoutPaymentFailed', data: { checkoutId, paymentId, error: 'gateway unreachable' } };
const completed: CheckoutEvent = { type: 'CheckoutCompleted', data: { checkoutId, orderId, paymentId } };
const failedWith = (reason: 'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'PAYMENT_ERROR' | 'RESERVATION_EXPIRED', outOfStockSkus: string[] = [], declineCode: string | null = null): CheckoutEvent => ({
  type: 'CheckoutFailed',
  data: { checkoutId, orderId, reason, outOfStockSkus, declineCode },
});

/** The histories a checkout goes through, each named after the point it reached. */
const at = {
  nothing: [] as CheckoutEvent[],
  started: [started],
  reserving: [started, reservationRequested],
  reserved: [started, reservationRequested, stockReserved],
  unavailable: [started, reservationRequested, stockUnavailable],
  authorizing: [started, reservationRequested, stockReserved, authorizationRequested],
  authorized: [started, reservationRequested, stockReserved, authorizationRequested, authorized],
  declined: [started, reservationRequested, stockReserved, authorizationRequested, declined],
  paymentFailed: [started, reservationRequested, stockReserved, authorizationRequested, paymentFailed],
  completed: [started, reservationRequested, stockReserved, authorizationRequested, authorized, completed],
  failedOutOfStock: [started, reservationRequested, stockUnavailable, failedWith('OUT_OF_STOCK', ['MUG-2'])],
  failedDeclined: [started, reservationRequested, stockReserved, authorizationRequested, declined, failedWith('PAYMENT_DECLINED', [], 'do_not_honor')],
  failedExpired: [started, reservationRequested, stockReserved, authorizationRequested, authorized, failedWith('RESERVATION_EXPIRED')],
};
type Point = keyof typeof at;

const allCommands: [string, CheckoutCommand][] = [
  ['StartCheckout', start],
  ['RequestStockReservation', requestReservation],
  ['RecordStockReserved', recordReserved],
  ['RecordStockUnavailable', recordUnavailable],
  ['RequestPaymentAuthorization', requestAuthorization],
  ['RecordPaymentAuthorized', recordAuthorized],
  ['RecordPaymentDeclined', recordDeclined],
  ['RecordPaymentFailed', recordPaymentFailed],
  ['CompleteCheckout', complete],
  ['FailCheckout', fail],
  ['FailCheckout with a reason', failExpired],
];

/** The one command each point accepts (with the event it gives); everything else there must be a no-op. */
const accepted: Partial<Record<Point, [CheckoutCommand, CheckoutEvent][]>> = {
  nothing: [[start, started]],
  // A reason fails any checkout still running: the process gives up on it with that reason.
  started: [
    [requestReservation, reservationRequested],
    [failExpired, failedWith('RESERVATION_EXPIRED')],
  ],
  reserving: [
    [recordReserved, stockReserved],
    [recordUnavailable, stockUnavailable],
    [failExpired, failedWith('RESERVATION_EXPIRED')],
  ],
  reserved: [
    [requestAuthorization, authorizationRequested],
    [failExpired, failedWith('RESERVATION_EXPIRED')],
  ],
  unavailable: [
    [fail, failedWith('OUT_OF_STOCK', ['MUG-2'])],
    [failExpired, failedWith('OUT_OF_STOCK', ['MUG-2'])],
  ],
  authorizing: [
    [recordAuthorized, authorized],
    [recordDeclined, declined],
    [recordPaymentFailed, paymentFailed],
    [failExpired, failedWith('RESERVATION_EXPIRED')],
  ],
  authorized: [
    [complete, completed],
    [failExpired, failedWith('RESERVATION_EXPIRED')],
  ],
  declined: [
    [fail, failedWith('PAYMENT_DECLINED', [], 'do_not_honor')],
    [failExpired, failedWith('PAYMENT_DECLINED', [], 'do_not_honor')],
  ],
  paymentFailed: [
    [fail, failedWith('PAYMENT_ERROR')],
    [failExpired, failedWith('PAYMENT_ERROR')],
  ],
};

describe('checkout decider: the happy path, step by step', () => {
  it('starts the checkout with what the order asked for', () => {
    given([]).when(start).then([started]);
  });

  it('asks for the stock reservation, named after the checkout', () => {
    given(at.started).when(requestReservation).then([reservationRequested]);
  });

  it('records the reservation it asked for', () => {
    given(at.reserving).when(recordReserved).then([stockReserved]);
  });

  it('asks for the payment of the order total once the stock is reserved', () => {
    given(at.reserved).when(requestAuthorization).then([authorizationRequested]);
  });

  it('records the authorization of the payment it asked for', () => {
    given(at.authorizing).when(recordAuthorized).then([authorized]);
  });

  it('completes once the payment is authorized', () => {
    given(at.authorized).when(complete).then([completed]);
  });
});

describe('checkout decider: failures', () => {
  it('records the SKUs that were short', () => {
    given(at.reserving).when(recordUnavailable).then([stockUnavailable]);
  });

  it('fails OUT_OF_STOCK naming the short SKUs', () => {
    given(at.unavailable).when(fail).then([failedWith('OUT_OF_STOCK', ['MUG-2'])]);
  });

  it('records a decline with its code and bank, then fails PAYMENT_DECLINED with the code', () => {
    given(at.authorizing).when(recordDeclined).then([declined]);
    given(at.declined).when(fail).then([failedWith('PAYMENT_DECLINED', [], 'do_not_honor')]);
  });

  it('records a gateway that kept failing, then fails PAYMENT_ERROR', () => {
    given(at.authorizing).when(recordPaymentFailed).then([paymentFailed]);
    given(at.paymentFailed).when(fail).then([failedWith('PAYMENT_ERROR')]);
  });

  it('fails with the reason given when no step found a failure (the reservation expired before the order was placed)', () => {
    given(at.authorized).when(failExpired).then([failedWith('RESERVATION_EXPIRED')]);
  });

  it('keeps the failure a step found over a reason given later', () => {
    given(at.declined).when(failExpired).then([failedWith('PAYMENT_DECLINED', [], 'do_not_honor')]);
  });

  it('does not fail a healthy checkout without a reason', () => {
    for (const point of ['started', 'reserving', 'reserved', 'authorizing', 'authorized'] as const) given(at[point]).when(fail).thenNothing();
  });

  it('once a failure is found, moves on to nothing but failing', () => {
    given(at.unavailable).when(recordReserved).thenNothing();
    given(at.unavailable).when(requestAuthorization).thenNothing();
    given(at.declined).when(recordAuthorized).thenNothing();
    given(at.declined).when(complete).thenNothing();
    given(at.paymentFailed).when(complete).thenNothing();
  });
});

describe('checkout decider: every command outside its step is a no-op (the process may deliver an event twice)', () => {
  for (const point of Object.keys(at) as Point[]) {
    const here = accepted[point] ?? [];
    it(`at ${point}: accepts ${here.length === 0 ? 'nothing' : here.map(([c]) => c.type + ('reason' in c && c.reason ? ` (${c.reason})` : '')).join(', ')}`, () => {
      for (const [label, command] of allCommands) {
        const expected = here.find(([c]) => c === command)?.[1];
        if (expected) given(at[point]).when(command).then([expected]);
        else expect(checkoutDecider.decide(command, fold(checkoutDecider, at[point])), `${label} at ${point}`).toEqual([]);
      }
    });
  }

  it('repeats of each step give nothing once it is recorded', () => {
    given(at.started).when(start).thenNothing();
    given(at.reserving).when(requestReservation).thenNothing();
    given(at.reserved).when(recordReserved).thenNothing();
    given(at.authorizing).when(requestAuthorization).thenNothing();
    given(at.authorized).when(recordAuthorized).thenNothing();
    given(at.completed).when(complete).thenNothing();
    given(at.failedOutOfStock).when(fail).thenNothing();
  });
});

describe('checkout decider: nextStep', () => {
  const expectations: [Point, CheckoutStep][] = [
    ['nothing', undefined],
    ['started', 'RESERVE_STOCK'],
    ['reserving', 'AWAIT_RESERVATION'],
    ['reserved', 'AUTHORIZE'],
    ['unavailable', 'FAIL'],
    ['authorizing', 'AWAIT_AUTHORIZATION'],
    ['authorized', 'COMPLETE'],
    ['declined', 'FAIL'],
    ['paymentFailed', 'FAIL'],
    ['completed', undefined],
    ['failedOutOfStock', undefined],
    ['failedDeclined', undefined],
    ['failedExpired', undefined],
  ];
  it.each(expectations)('at %s: %s', (point, step) => {
    expect(nextStep(fold(checkoutDecider, at[point]))).toBe(step);
  });
});

describe('checkout decider: evolve', () => {
  it('starts empty', () => {
    expect(initialState()).toMatchObject({ checkoutId: undefined, status: undefined, stockReserved: false, paymentAuthorized: false, failure: undefined });
  });

  it('keeps what the later steps need: lines, total, token, reservation and payment', () => {
    expect(fold(checkoutDecider, at.authorized)).toEqual({
      checkoutId,
      orderId,
      status: 'AUTHORIZING_PAYMENT',
      lines,
      total,
      paymentTokenRef: 'token-ref-1',
      reservationId,
      stockReserved: true,
      paymentId,
      paymentAuthorized: true,
      failure: undefined,
    });
  });

  it('remembers what was undone on failure: a reservation that was taken and a payment that was authorized', () => {
    expect(fold(checkoutDecider, at.failedExpired)).toMatchObject({
      status: 'FAILED',
      stockReserved: true,
      paymentAuthorized: true,
      failure: { reason: 'RESERVATION_EXPIRED', outOfStockSkus: [], declineCode: null },
    });
    expect(fold(checkoutDecider, at.failedOutOfStock)).toMatchObject({ status: 'FAILED', stockReserved: false, failure: { reason: 'OUT_OF_STOCK', outOfStockSkus: ['MUG-2'] } });
  });
});
