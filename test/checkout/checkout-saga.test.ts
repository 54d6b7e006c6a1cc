import { describe, expect, it } from 'vitest';
import { checkoutDecider, type CheckoutCommand } from '../../server/src/checkout/checkout-decider';
import { CheckoutProcess } from '../../server/src/checkout/checkout-process';
import { paymentIdOf, react, type CheckoutAction, type CheckoutInput } from '../../server/src/checkout/checkout-saga';
import { checkoutStreamId, type CheckoutEvent, type CheckoutFailureReason } from '../../server/src/checkout/events';
import { fold } from '../../server/src/commands/decider';
import { createLogger } from '../../server/src/config/logger';
import { COMPLETED_CHECKOUT } from '../support/checkout-fixtures';
import { ConcurrencyError, type AppendResult, type RecordedEvent, type StreamAppend } from '../../server/src/eventstore/types';
import { InsufficientStockError } from '../../server/src/inventory/errors';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { bucketOf, initialState as stockInitialState, type StockState } from '../../server/src/inventory/stock-decider';
import type { CheckoutRequest } from '../../server/src/ordering/events';
import type { PaymentStatus } from '../../server/src/payments/payment-decider';
import { GatewayUnavailableError, TransientGatewayError } from '../../server/src/payments/payment-gateway';
import type { AuthorizationResult, PaymentAppend, PaymentTokenSource, UnrecordedAuthorization } from '../../server/src/payments/payments-service';
import { paymentStreamId, type PaymentEvent } from '../../server/src/payments/events';
import { BadUserInputError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import type { Money } from '../../server/src/shared/money';

const checkoutId = '11111111-1111-4111-8111-111111111111';
const orderId = '22222222-2222-4222-8222-222222222222';
const paymentId = paymentIdOf(checkoutId);
const reservationId = checkoutId;
const lines = [
  { sku: 'MUG-1', quantity: 2 },
  { sku: 'MUG-2', quantity: 1 },
];
const skus = ['MUG-1', 'MUG-2'];
const total: Money = { amount: 2500, currency: 'EUR' };
const tokenRef = 'token-ref-1';

// ---------------------------------------------------------------------------------------------
// The pure saga: given what the checkout recorded, when something happens, then these actions.
// ---------------------------------------------------------------------------------------------

const requested: CheckoutInput = { type: 'CheckoutRequested', checkoutId, orderId, attempt: 1, lines, total, paymentTokenRef: tokenRef };

const started: CheckoutEvent = { type: 'CheckoutStarted', data: { checkoutId, orderId, attempt: 1, lines, total, paymentTokenRef: tokenRef } };
const reservationRequested: CheckoutEvent = { type: 'CheckoutStockReservationRequested', data: { checkoutId, reservationId } };
const stockReserved: CheckoutEvent = { type: 'CheckoutStockReserved', data: { checkoutId, reservationId } };
const stockUnavailable: CheckoutEvent = { type: 'CheckoutStockUnavailable', data: { checkoutId, skus: ['MUG-2'] } };
const authorizationRequested: CheckoutEvent = { type: 'CheckoutPaymentAuthorizationRequested', data: { checkoutId, paymentId, amount: total } };
const authorized: CheckoutEvent = { type: 'CheckoutPaymentAuthorized', data: { checkoutId, paymentId } };
const declined: CheckoutEvent = { type: 'CheckoutPaymentDeclined', data: { checkoutId, paymentId, declineCode: 'do_not_honor', bank: 'Bank of Testland' } };
const paymentFailed: CheckoutEvent = { type: 'CheckoutPaymentFailed', data: { checkoutId, paymentId, error: 'gateway unreachable' } };
const completed: CheckoutEvent = { type: 'CheckoutCompleted', data: { checkoutId, orderId, paymentId } };
const failedWith = (reason: CheckoutFailureReason, outOfStockSkus: string[] = [], declineCode: string | null = null): CheckoutEvent => ({
  type: 'CheckoutFailed',
  data: { checkoutId, orderId, reason, outOfStockSkus, declineCode },
});

/** The histories a checkout goes through, each named after the point it reached. */
const at = {
  nothing: [] as CheckoutEvent[],
  /** Recorded alone only by the version that took one step per event. */
  started: [started],
  reserving: [started, reservationRequested],
  /** Recorded alone only by the version that took one step per event. */
  reserved: [started, reservationRequested, stockReserved],
  unavailable: [started, reservationRequested, stockUnavailable],
  authorizing: [started, reservationRequested, stockReserved, authorizationRequested],
  authorized: [started, reservationRequested, stockReserved, authorizationRequested, authorized],
  declined: [started, reservationRequested, stockReserved, authorizationRequested, declined],
  paymentFailed: [started, reservationRequested, stockReserved, authorizationRequested, paymentFailed],
  completed: [started, reservationRequested, stockReserved, authorizationRequested, authorized, completed],
  failedOutOfStock: [started, reservationRequested, stockUnavailable, failedWith('OUT_OF_STOCK', ['MUG-2'])],
  failedExpired: [started, reservationRequested, stockReserved, authorizationRequested, authorized, failedWith('RESERVATION_EXPIRED')],
};
type Point = keyof typeof at;

const given = (events: CheckoutEvent[]) => {
  const state = fold(checkoutDecider, events);
  return {
    when: (input?: CheckoutInput) => ({
      then: (expected: CheckoutAction[]) => expect(react(state, input)).toEqual(expected),
      thenNothing: () => expect(react(state, input)).toEqual([]),
    }),
  };
};

const record = (...commands: CheckoutCommand[]): CheckoutAction => ({ type: 'Record', commands });
const note = (...commands: CheckoutCommand[]): CheckoutAction => ({ type: 'Note', commands });
/** What every failure starts with: recording whatever the run only noted. */
const recordNoted = record();
const reserve: CheckoutAction = { type: 'ReserveStock', reservationId, orderId, lines };
const authorize: CheckoutAction = { type: 'AuthorizePayment', paymentId, orderId, amount: total, payment: { tokenRef } };
const confirm: CheckoutAction = { type: 'ConfirmReservation', reservationId, skus };
const placeOrder: CheckoutAction = { type: 'PlaceOrder', orderId, checkoutId, paymentId };
const release: CheckoutAction = { type: 'ReleaseStock', reservationId, skus };
const voidAuthorization: CheckoutAction = { type: 'VoidAuthorization', paymentId };
const failOrder = (reason: CheckoutFailureReason): CheckoutAction => ({ type: 'FailOrderCheckout', orderId, checkoutId, reason });
const start: CheckoutCommand = { type: 'StartCheckout', checkoutId, orderId, attempt: 1, lines, total, paymentTokenRef: tokenRef };

describe('checkout saga: the happy path, in four reactions', () => {
  it('when the order asks for checkout: notes the start and the reservation request (recorded with the reservation), then reserves', () => {
    given(at.nothing)
      .when(requested)
      .then([note(start, { type: 'RequestStockReservation', reservationId }), reserve]);
  });

  it('when the stock is reserved: records it with the authorization request, then authorizes the order total', () => {
    given(at.reserving)
      .when({ type: 'StockReserved' })
      .then([record({ type: 'RecordStockReserved' }, { type: 'RequestPaymentAuthorization', paymentId }), authorize]);
  });

  it('when the payment is authorized: notes it (recorded with the completion), then confirms the reservation', () => {
    given(at.authorizing).when({ type: 'PaymentAuthorized' }).then([note({ type: 'RecordPaymentAuthorized' }), confirm]);
  });

  it('when the reservation is confirmed: places the order, then records the checkout completed', () => {
    given(at.authorized).when({ type: 'ReservationConfirmed' }).then([placeOrder, record({ type: 'CompleteCheckout' })]);
  });

  it('once completed: nothing more, whatever arrives', () => {
    for (const input of [undefined, requested, { type: 'ReservationConfirmed' } as const, { type: 'StockReserved' } as const]) given(at.completed).when(input).thenNothing();
  });
});

describe('checkout saga: failures', () => {
  it('out of stock: records the short SKUs; then sends the order back and fails, with nothing to release or void', () => {
    given(at.reserving)
      .when({ type: 'StockUnavailable', skus: ['MUG-2'] })
      .then([record({ type: 'RecordStockUnavailable', skus: ['MUG-2'] })]);
    given(at.unavailable)
      .when()
      .then([recordNoted, failOrder('OUT_OF_STOCK'), record({ type: 'FailCheckout', reason: 'OUT_OF_STOCK' })]);
  });

  it('declined: records the decline; then releases the stock and fails (a declined payment holds nothing to void)', () => {
    given(at.authorizing)
      .when({ type: 'PaymentDeclined', declineCode: 'do_not_honor', bank: 'Bank of Testland' })
      .then([record({ type: 'RecordPaymentDeclined', declineCode: 'do_not_honor', bank: 'Bank of Testland' })]);
    given(at.declined)
      .when()
      .then([recordNoted, release, failOrder('PAYMENT_DECLINED'), record({ type: 'FailCheckout', reason: 'PAYMENT_DECLINED' })]);
  });

  it('gateway failed: records it; then releases the stock, voids whatever the payment shows authorized, and fails', () => {
    given(at.authorizing)
      .when({ type: 'PaymentFailed', error: 'gateway unreachable' })
      .then([record({ type: 'RecordPaymentFailed', error: 'gateway unreachable' })]);
    given(at.paymentFailed)
      .when()
      .then([recordNoted, release, voidAuthorization, failOrder('PAYMENT_ERROR'), record({ type: 'FailCheckout', reason: 'PAYMENT_ERROR' })]);
  });

  it('reservation lost before the order is placed: undoes everything, and records the failure last', () => {
    given(at.authorized)
      .when({ type: 'ReservationLost' })
      .then([recordNoted, release, voidAuthorization, failOrder('RESERVATION_EXPIRED'), record({ type: 'FailCheckout', reason: 'RESERVATION_EXPIRED' })]);
  });

  it('reservation found expired when reserving again after a long stop: fails before any payment is asked for', () => {
    given(at.reserving)
      .when({ type: 'ReservationLost' })
      .then([recordNoted, release, failOrder('RESERVATION_EXPIRED'), record({ type: 'FailCheckout', reason: 'RESERVATION_EXPIRED' })]);
  });

  it('once failed: nothing more', () => {
    for (const point of ['failedOutOfStock', 'failedExpired'] as const) {
      given(at[point]).when().thenNothing();
      given(at[point]).when(requested).thenNothing();
    }
  });
});

describe('checkout saga: resuming from what is recorded (a run that stopped, delivered again)', () => {
  const resumes: [Point, CheckoutAction[]][] = [
    ['reserving', [reserve]],
    ['authorizing', [authorize]],
    ['authorized', [confirm]],
    ['started', [note({ type: 'RequestStockReservation', reservationId }), reserve]],
    ['reserved', [record({ type: 'RequestPaymentAuthorization', paymentId }), authorize]],
    ['declined', [recordNoted, release, failOrder('PAYMENT_DECLINED'), record({ type: 'FailCheckout', reason: 'PAYMENT_DECLINED' })]],
  ];
  it.each(resumes)('at %s: asks for what the step waits on again (every effect is keyed by the checkout)', (point, actions) => {
    given(at[point]).when().then(actions);
    // The order's request delivered again resumes the same way: it starts nothing new.
    given(at[point]).when(requested).then(actions);
  });

  it('does nothing for a checkout that was never started unless the order asks for it', () => {
    given(at.nothing).when().thenNothing();
    given(at.nothing).when({ type: 'StockReserved' }).thenNothing();
  });

  it('an outcome that does not belong to the step the checkout is at is stale: it resumes from the record instead', () => {
    given(at.authorizing).when({ type: 'StockReserved' }).then([authorize]);
    given(at.reserving).when({ type: 'PaymentAuthorized' }).then([reserve]);
    given(at.declined).when({ type: 'ReservationConfirmed' }).then([recordNoted, release, failOrder('PAYMENT_DECLINED'), record({ type: 'FailCheckout', reason: 'PAYMENT_DECLINED' })]);
  });

  it('every answer makes progress: it records something or ends with an effect whose outcome comes back', () => {
    const inputs: (CheckoutInput | undefined)[] = [
      undefined,
      requested,
      { type: 'StockReserved' },
      { type: 'StockUnavailable', skus: ['MUG-2'] },
      { type: 'ReservationLost' },
      { type: 'PaymentAuthorized' },
      { type: 'PaymentDeclined', declineCode: 'x', bank: null },
      { type: 'PaymentFailed', error: 'x' },
      { type: 'ReservationConfirmed' },
    ];
    const withOutcome = new Set(['ReserveStock', 'AuthorizePayment', 'ConfirmReservation']);
    for (const point of Object.keys(at) as Point[]) {
      for (const input of inputs) {
        const actions = react(fold(checkoutDecider, at[point]), input);
        if (actions.length === 0) continue;
        const last = actions.at(-1)!;
        const label = `${point} / ${input?.type ?? 'nothing'}`;
        expect(last.type === 'Record' || withOutcome.has(last.type), label).toBe(true);
        // Only the last action may have an outcome: the executor hands it to the next reaction.
        expect(actions.slice(0, -1).filter((a) => withOutcome.has(a.type)), label).toEqual([]);
        // What is only noted is decided again after a stop, so it may only come before a keyed effect
        // whose answer the next step needs, never before undoing anything.
        if (actions.some((a) => a.type === 'Note')) expect(withOutcome.has(last.type), label).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The executor, over fakes: what it calls and what it appends.
// ---------------------------------------------------------------------------------------------

/** An in-memory event store with expected-version appends; remembers every append and read. */
class FakeStore {
  readonly streams = new Map<string, RecordedEvent[]>();
  readonly appends: string[][] = [];
  readonly reads: string[] = [];
  private position = 100;

  constructor(prefilled: CheckoutEvent[] = []) {
    if (prefilled.length > 0) this.write(checkoutStreamId(checkoutId), 'Checkout', prefilled, {});
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.reads.push(streamId);
    return [...(this.streams.get(streamId) ?? [])];
  }

  append(append: StreamAppend, options: { metadata?: Record<string, unknown> } = {}): Promise<AppendResult> {
    return this.appendToStreams([append], options);
  }

  /** All or nothing; remembered as one append, its streams' event types in turn. */
  async appendToStreams(appends: StreamAppend[], options: { metadata?: Record<string, unknown> } = {}): Promise<AppendResult> {
    for (const append of appends) {
      const current = this.streams.get(append.streamId)?.length ?? 0;
      if (current !== append.expectedVersion) throw new ConcurrencyError(append.streamId, append.expectedVersion);
    }
    this.appends.push(appends.flatMap((append) => append.events.map((e) => e.type)));
    const recorded = appends.flatMap((append) => this.write(append.streamId, append.streamType, append.events as CheckoutEvent[], options.metadata ?? {}));
    const last = recorded.at(-1)!;
    const versions = Object.fromEntries(appends.map((append) => [append.streamId, this.streams.get(append.streamId)!.length]));
    return { versions, checkpoint: { transactionId: String(last.position), position: last.position }, events: recorded };
  }

  /** The event types of the payment's stream. */
  paymentTypes(): string[] {
    return (this.streams.get(paymentStreamId(paymentId)) ?? []).map((e) => e.type);
  }

  types(): string[] {
    return (this.streams.get(checkoutStreamId(checkoutId)) ?? []).map((e) => e.type);
  }

  private write(streamId: string, streamType: string, events: CheckoutEvent[], metadata: Record<string, unknown>): RecordedEvent[] {
    const stream = this.streams.get(streamId) ?? [];
    const recorded: RecordedEvent[] = events.map((event, i) => {
      this.position++;
      return { ...event, position: this.position, transactionId: String(this.position), tenantId: 'demo', streamId, streamType, streamVersion: stream.length + i + 1, metadata, recordedAt: new Date() };
    });
    this.streams.set(streamId, [...stream, ...recorded]);
    return recorded;
  }
}

type Call = string;

/** Inventory that records its calls; `short` SKUs do not fit, `released` reservations were taken back (as by expiry). */
class FakeInventory {
  readonly calls: Call[] = [];
  readonly reservations = new Map<string, 'ACTIVE' | 'CONFIRMED' | 'RELEASED'>();
  short: string[] = [];
  /** What `confirm` throws instead of confirming (a refusal that is not about a released reservation). */
  confirmFails: Error | undefined;

  async reserve(input: { reservationId: string; lines: { sku: string; quantity: number }[] }) {
    this.calls.push(`reserve ${input.reservationId}`);
    if (this.short.length > 0) throw new InsufficientStockError(this.short);
    if (!this.reservations.has(input.reservationId)) this.reservations.set(input.reservationId, 'ACTIVE');
    const status = this.reservations.get(input.reservationId)!;
    return { append: undefined, lines: input.lines.map((l) => ({ ...l, status, allocations: [] })) };
  }

  async confirm(id: string, skuList: string[]) {
    this.calls.push(`confirm ${id}`);
    if (this.confirmFails) throw this.confirmFails;
    // A stock state forgets reservations that finished long ago: it then knows nothing of this one.
    if (!this.reservations.has(id)) throw new NotFoundError(`Reservation of ${skuList[0]}`, id);
    // As the stock decider refuses it: a generic INVALID_STATE naming the SKU and the reservation.
    if (this.reservations.get(id) === 'RELEASED') throw new InvalidStateError(`Reservation ${id} of ${skuList[0]} was already released`, { sku: skuList[0], reservationId: id });
    this.reservations.set(id, 'CONFIRMED');
    return { append: undefined };
  }

  async release(id: string) {
    this.calls.push(`release ${id}`);
    if (this.reservations.has(id)) this.reservations.set(id, 'RELEASED');
    return { append: undefined };
  }

  async loadStock(_tenantId: string, sku: string): Promise<StockState> {
    const status = this.reservations.get(reservationId);
    const state = stockInitialState();
    if (!status) return state;
    const reservations: StockState['reservations'] = Array.from({ length: bucketOf(reservationId) }, () => null);
    reservations.push({ [reservationId]: { reservationId, orderId, quantity: 1, allocations: [], expiresAt: null, status, held: [], commitIds: [] } });
    return { ...state, sku, reservations, shown: 1 };
  }
}

/**
 * Payments over a scripted gateway answer; the payment as the gateway holds it is `status`, as
 * recorded it is the payment's stream in `store`.
 */
class FakePayments {
  readonly calls: Call[] = [];

  constructor(private readonly store: FakeStore) {}
  status: PaymentStatus | undefined;
  /** Voids that reached the gateway (releasing a payment that holds nothing reaches nothing). */
  gatewayVoids = 0;
  /** What the gateway does on each authorize call, in turn (the last one repeats). */
  answers: (AuthorizationResult | Error | 'authorize-then-lose-the-answer')[] = [{ outcome: 'AUTHORIZED' }];

  async authorize(input: { paymentId: string; amount: Money } & PaymentTokenSource): Promise<AuthorizationResult> {
    this.calls.push(`authorize ${input.paymentId} ${input.amount.amount} ${'tokenRef' in input ? input.tokenRef : input.token}`);
    if (this.status === 'AUTHORIZED' || this.status === 'VOIDED') return { outcome: 'AUTHORIZED' };
    this.status ??= 'PENDING';
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    if (answer === 'authorize-then-lose-the-answer') {
      this.status = 'AUTHORIZED';
      throw new TransientGatewayError('connection reset after the provider answered');
    }
    if (answer instanceof Error) throw answer;
    this.status = answer.outcome === 'AUTHORIZED' ? 'AUTHORIZED' : 'DECLINED';
    return answer;
  }

  /** As PaymentsService.creation: the append that creates the payment, for the checkout's record. */
  creation(input: { paymentId: string; orderId: string; amount: Money }): PaymentAppend {
    return { streamId: paymentStreamId(input.paymentId), streamType: 'Payment', expectedVersion: 0, events: [{ type: 'PaymentCreated', data: input }] };
  }

  /** As PaymentsService.authorizeUnrecorded: the answer, and its record for the caller to append unless the payment's stream has it. */
  async authorizeUnrecorded(input: { paymentId: string; orderId: string; amount: Money } & PaymentTokenSource): Promise<UnrecordedAuthorization> {
    const result = await this.authorize(input);
    const stream = this.store.streams.get(paymentStreamId(input.paymentId)) ?? [];
    if (stream.some((e) => e.type === 'PaymentAuthorized' || e.type === 'PaymentDeclined')) return { result };
    const event: PaymentEvent =
      result.outcome === 'AUTHORIZED'
        ? { type: 'PaymentAuthorized', data: { paymentId: input.paymentId, authorizationId: 'auth-1', amount: input.amount } }
        : { type: 'PaymentDeclined', data: { paymentId: input.paymentId, declineCode: result.declineCode, bank: result.bank, message: 'declined', amount: input.amount } };
    return { result, record: { append: { streamId: paymentStreamId(input.paymentId), streamType: 'Payment', expectedVersion: stream.length, events: [event] }, recorded: () => this.recorded++ } };
  }

  /** How many outcomes the checkout told this it had appended. */
  recorded = 0;

  /** As PaymentsService.releaseHold: a recorded authorization, or a PENDING payment's possible one, is voided. */
  async releaseHold(id: string) {
    this.calls.push(`releaseHold ${id}`);
    if (this.status !== 'AUTHORIZED' && this.status !== 'PENDING') return;
    this.status = 'VOIDED';
    this.gatewayVoids++;
  }
}

/** The payment token vault: what was put, what was discarded. */
class FakeTokens {
  readonly kept = new Map<string, string>();
  readonly discarded: string[] = [];

  async put(_tenantId: string, ref: string, token: string) {
    this.kept.set(ref, token);
  }

  async discard(_tenantId: string, ref: string) {
    this.kept.delete(ref);
    this.discarded.push(ref);
  }
}

class FakeOrdering {
  readonly calls: Call[] = [];

  async placeOrder(order: string, checkout: string, payment: string) {
    this.calls.push(`placeOrder ${order} ${checkout} ${payment}`);
    return { orderId: order, append: undefined };
  }

  async failCheckout(order: string, checkout: string, reason: string) {
    this.calls.push(`failCheckout ${order} ${checkout} ${reason}`);
    return { orderId: order, append: undefined };
  }
}

function fakes(prefilled: CheckoutEvent[] = []) {
  const store = new FakeStore(prefilled);
  const inventory = new FakeInventory();
  const payments = new FakePayments(store);
  const ordering = new FakeOrdering();
  const tokens = new FakeTokens();
  const process = new CheckoutProcess({ store, inventory, payments, ordering, tokens, logger: createLogger('silent'), reservationTtlMs: 60_000 });
  /** Every service call, in the order made. */
  const calls: Call[] = [];
  for (const service of [inventory, payments, ordering]) {
    const push = service.calls.push.bind(service.calls);
    service.calls.push = (...items: Call[]) => (calls.push(...items), push(...items));
  }
  return { store, inventory, payments, ordering, tokens, process, calls };
}

const request: CheckoutRequest = {
  orderId,
  checkoutId,
  idempotencyKey: 'key-1',
  paymentTokenRef: tokenRef,
  attempt: 1,
  lines: lines.map((l, i) => ({ ...l, variantId: `variant-${i}` })),
  total,
};

const requestedEvent: RecordedEvent = {
  position: 7,
  transactionId: '7',
  tenantId: 'demo',
  streamId: `order-${orderId}`,
  streamType: 'Order',
  streamVersion: 3,
  type: 'CheckoutRequested',
  data: request,
  metadata: { correlationId: 'corr-1', actor: 'user:1' },
  recordedAt: new Date(),
};

const reserveCall = `reserve ${reservationId}`;
const authorizeCall = `authorize ${paymentId} 2500 ${tokenRef}`;
const releaseHoldCall = `releaseHold ${paymentId}`;
const confirmCall = `confirm ${reservationId}`;
const placeCall = `placeOrder ${orderId} ${checkoutId} ${paymentId}`;
const releaseCall = `release ${reservationId}`;
const failCall = (reason: CheckoutFailureReason) => `failCheckout ${orderId} ${checkoutId} ${reason}`;

describe('checkout executor: one delivery of CheckoutRequested drives the checkout to its end', () => {
  it('reserves, authorizes, confirms and places the order, in two appends that also create the payment and record its authorization, after one read of the new stream', async () => {
    const { store, payments, process, calls } = fakes();
    const recordedWhenAuthorizing: string[][] = [];
    const authorize = payments.authorize.bind(payments);
    payments.authorize = async (input) => (recordedWhenAuthorizing.push(store.types()), authorize(input));
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, placeCall]);
    expect(store.appends).toEqual([
      ['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested', 'PaymentCreated'],
      ['CheckoutPaymentAuthorized', 'CheckoutCompleted', 'PaymentAuthorized'],
    ]);
    // The payment the gateway is asked about is on record before it is asked.
    expect(recordedWhenAuthorizing).toEqual([['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested']]);
    expect(store.paymentTypes()).toEqual(['PaymentCreated', 'PaymentAuthorized']);
    expect(payments.recorded).toBe(1);
    expect(store.reads).toEqual([checkoutStreamId(checkoutId)]);
    // Every event says what caused it: the order's request.
    for (const event of store.streams.get(checkoutStreamId(checkoutId))!) expect(event.metadata).toMatchObject({ correlationId: 'corr-1', causationId: '7', actor: 'checkout-process' });
  });

  it('out of stock: records the short SKUs, sends the order back and fails; no payment is asked for, nothing released', async () => {
    const { store, inventory, process, calls } = fakes();
    inventory.short = ['MUG-2'];
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, failCall('OUT_OF_STOCK')]);
    expect(store.appends).toEqual([['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockUnavailable'], ['CheckoutFailed']]);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'OUT_OF_STOCK', outOfStockSkus: ['MUG-2'] });
  });

  it('declined: releases the stock and fails with the decline code; nothing to void', async () => {
    const { store, payments, process, calls } = fakes();
    payments.answers = [{ outcome: 'DECLINED', declineCode: 'do_not_honor', bank: 'Bank of Testland' }];
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, releaseCall, failCall('PAYMENT_DECLINED')]);
    expect(store.types().slice(-2)).toEqual(['CheckoutPaymentDeclined', 'CheckoutFailed']);
    // The decline is recorded on the payment in the checkout's own append of it.
    expect(store.appends[1]).toEqual(['CheckoutPaymentDeclined', 'PaymentDeclined']);
    expect(payments.recorded).toBe(1);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'PAYMENT_DECLINED', declineCode: 'do_not_honor' });
  });

  it('the gateway kept failing: fails PAYMENT_ERROR, releasing whatever the unanswered request may have held', async () => {
    const { store, payments, process, calls } = fakes();
    payments.answers = [new TransientGatewayError('connection reset')];
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, releaseCall, releaseHoldCall, failCall('PAYMENT_ERROR')]);
    expect(store.types().slice(-2)).toEqual(['CheckoutPaymentFailed', 'CheckoutFailed']);
    expect(payments.status).toBe('VOIDED');
  });

  it('the provider authorized but its answer was lost: the payment stream shows the authorization, so the failing checkout voids it', async () => {
    const { store, payments, process, calls } = fakes();
    payments.answers = ['authorize-then-lose-the-answer'];
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, releaseCall, releaseHoldCall, failCall('PAYMENT_ERROR')]);
    expect(store.types()).not.toContain('CheckoutPaymentAuthorized');
    expect(payments.status).toBe('VOIDED');
  });

  it('a payment the service refuses to create (bad input) is not created with the record, and the authorization refusing it fails PAYMENT_ERROR', async () => {
    const { store, payments, process } = fakes();
    payments.creation = () => {
      throw new BadUserInputError('A payment amount must be positive', { field: 'amount' });
    };
    payments.answers = [new BadUserInputError('A payment amount must be positive')];
    await process.handle(requestedEvent);
    expect(store.appends[0]).toEqual(['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested']);
    expect(store.paymentTypes()).toEqual([]);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'PAYMENT_ERROR' });
  });

  it('a payment request refused outright (bad input) fails PAYMENT_ERROR', async () => {
    const { store, payments, process } = fakes();
    payments.answers = [new BadUserInputError('token is too long')];
    await process.handle(requestedEvent);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'PAYMENT_ERROR' });
  });

  it('an unexpected error while authorizing is not taken for a refusal: the delivery fails, and the next one completes, authorized once', async () => {
    const { store, payments, process, calls } = fakes();
    payments.answers = [new Error('connection terminated unexpectedly'), { outcome: 'AUTHORIZED' }];
    await expect(process.handle(requestedEvent)).rejects.toThrow('connection terminated unexpectedly');
    expect(store.types()).toEqual(['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested']);

    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, authorizeCall, confirmCall, placeCall]);
    expect(store.types().slice(-2)).toEqual(['CheckoutPaymentAuthorized', 'CheckoutCompleted']);
  });

  it('the reservation expired while the payment was pending: voids the authorization, sends the order back, fails RESERVATION_EXPIRED', async () => {
    const { store, inventory, payments, process, calls } = fakes();
    const authorizeOnce = payments.authorize.bind(payments);
    payments.authorize = async (input) => {
      const answer = await authorizeOnce(input);
      inventory.reservations.set(reservationId, 'RELEASED'); // the sweep, while the gateway was answering
      return answer;
    };
    const recordedWhenReleasing: string[][] = [];
    const release = inventory.release.bind(inventory);
    inventory.release = async (id) => (recordedWhenReleasing.push(store.types()), release(id));
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, releaseCall, releaseHoldCall, failCall('RESERVATION_EXPIRED')]);
    // The authorization, only noted until then, is recorded before anything is undone.
    expect(recordedWhenReleasing.map((types) => types.at(-1))).toEqual(['CheckoutPaymentAuthorized']);
    expect(store.appends.slice(-2)).toEqual([['CheckoutPaymentAuthorized', 'PaymentAuthorized'], ['CheckoutFailed']]);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'RESERVATION_EXPIRED' });
  });

  it('the reservation was released so long ago that the stock no longer remembers it: fails RESERVATION_EXPIRED too', async () => {
    const { store, inventory, payments, process, calls } = fakes();
    const authorizeOnce = payments.authorize.bind(payments);
    payments.authorize = async (input) => {
      const answer = await authorizeOnce(input);
      inventory.reservations.delete(reservationId);
      return answer;
    };
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, releaseCall, releaseHoldCall, failCall('RESERVATION_EXPIRED')]);
    expect(store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!.data).toMatchObject({ reason: 'RESERVATION_EXPIRED' });
  });

  it('a confirmation refused for any other reason is not taken for an expiry: the delivery fails, nothing is undone', async () => {
    const { store, inventory, process, calls } = fakes();
    inventory.confirmFails = new InvalidStateError('Reservation of MUG-1 is in a state nobody expected', { sku: 'MUG-1', reservationId });
    await expect(process.handle(requestedEvent)).rejects.toThrow('nobody expected');
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall]);
    expect(store.types()).not.toContain('CheckoutFailed');
  });
});

describe('checkout executor: the payment token', () => {
  it('is deleted from the vault by the checkout when it finished without a payment outcome (out of stock, payment error)', async () => {
    const outOfStock = fakes();
    outOfStock.inventory.short = ['MUG-2'];
    await outOfStock.process.handle(requestedEvent);
    expect(outOfStock.tokens.discarded).toEqual([tokenRef]);

    const paymentError = fakes();
    paymentError.payments.answers = [new GatewayUnavailableError()];
    await paymentError.process.handle(requestedEvent);
    expect(paymentError.store.types()).toContain('CheckoutPaymentFailed');
    expect(paymentError.tokens.discarded).toEqual([tokenRef]);
  });

  it('is left to the payments service once it answered with an authorization or a decline (it lets the token go before answering): one delete, not two', async () => {
    const placed = fakes();
    await placed.process.handle(requestedEvent);
    expect(placed.store.types()).toContain('CheckoutCompleted');
    expect(placed.tokens.discarded).toEqual([]);

    const declined = fakes();
    declined.payments.answers = [{ outcome: 'DECLINED', declineCode: 'insufficient_funds', bank: 'Bank of Testland' }];
    await declined.process.handle(requestedEvent);
    expect(declined.store.types()).toContain('CheckoutFailed');
    expect(declined.tokens.discarded).toEqual([]);
  });

  it('stays in the vault while the checkout has not finished (a failed delivery is retried and needs it)', async () => {
    const { payments, process, tokens } = fakes();
    payments.answers = [new Error('connection terminated unexpectedly')];
    await expect(process.handle(requestedEvent)).rejects.toThrow('connection terminated');
    expect(tokens.discarded).toEqual([]);
  });

  it('a request recorded before the vault, with the token in it: the token goes to the vault and the checkout records only its reference', async () => {
    const { store, tokens, process, calls } = fakes();
    const { paymentTokenRef: _ref, ...legacy } = request;
    const legacyEvent: RecordedEvent = { ...requestedEvent, data: { ...legacy, paymentToken: 'tok_legacy_secret' } };
    const ref = PaymentTokenVault.refFor(orderId, request.idempotencyKey);
    const kept: string[] = [];
    const put = tokens.put.bind(tokens);
    tokens.put = async (tenantId, r, token) => (kept.push(`${r} ${token}`), put(tenantId, r, token));
    await process.handle(legacyEvent);
    expect(kept).toEqual([`${ref} tok_legacy_secret`]);
    expect(calls).toContain(`authorize ${paymentId} 2500 ${ref}`);
    expect(JSON.stringify([...store.streams.values()])).not.toContain('tok_legacy_secret');
    expect(store.streams.get(checkoutStreamId(checkoutId))![0]!.data).toMatchObject({ paymentTokenRef: ref });
  });
});

describe('checkout executor: a delivery after a stop resumes from what the checkout stream recorded', () => {
  it('stopped after the reservation was recorded: does not reserve again', async () => {
    const { store, inventory, process, calls } = fakes(at.authorizing);
    inventory.reservations.set(reservationId, 'ACTIVE');
    await process.handle(requestedEvent);
    expect(calls).toEqual([authorizeCall, confirmCall, placeCall]);
    expect(store.appends).toEqual([['CheckoutPaymentAuthorized', 'CheckoutCompleted', 'PaymentAuthorized']]);
  });

  it('stopped after the stock was reserved but before the checkout recorded it: reserving again takes nothing more', async () => {
    const { store, inventory, process, calls } = fakes(at.reserving);
    inventory.reservations.set(reservationId, 'ACTIVE');
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, placeCall]);
    expect(inventory.reservations.size).toBe(1);
    expect(store.types()).toEqual(COMPLETED_CHECKOUT);
  });

  it('stopped after a reservation that expired meanwhile: fails RESERVATION_EXPIRED without asking for a payment', async () => {
    const { store, inventory, process, calls } = fakes(at.reserving);
    inventory.reservations.set(reservationId, 'RELEASED');
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, releaseCall, failCall('RESERVATION_EXPIRED')]);
    expect(store.types().at(-1)).toBe('CheckoutFailed');
  });

  it('stopped after the order was placed, with the authorization only noted: asks again, gets the recorded answer, and records both', async () => {
    const { store, ordering, payments, process, calls } = fakes();
    const place = ordering.placeOrder.bind(ordering);
    ordering.placeOrder = async (...args) => {
      await place(...args);
      throw new Error('the process stopped here');
    };
    await expect(process.handle(requestedEvent)).rejects.toThrow('the process stopped here');
    expect(store.types()).toEqual(['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested']);
    expect(payments.status).toBe('AUTHORIZED');
    // The authorization was never recorded, so the token stays for the retry.
    expect(store.paymentTypes()).toEqual(['PaymentCreated']);
    expect(payments.recorded).toBe(0);

    ordering.placeOrder = place;
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, placeCall, authorizeCall, confirmCall, placeCall]);
    // The second authorize was answered from the payment (the fake's gateway was asked once).
    expect(payments.answers).toEqual([{ outcome: 'AUTHORIZED' }]);
    expect(store.appends.at(-1)).toEqual(['CheckoutPaymentAuthorized', 'CheckoutCompleted', 'PaymentAuthorized']);
    expect(store.paymentTypes()).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it('stopped after the authorization was recorded: does not authorize again', async () => {
    const { store, inventory, payments, process, calls } = fakes(at.authorized);
    inventory.reservations.set(reservationId, 'ACTIVE');
    payments.status = 'AUTHORIZED';
    await process.handle(requestedEvent);
    expect(calls).toEqual([confirmCall, placeCall]);
    expect(store.appends).toEqual([['CheckoutCompleted']]);
  });

  it('stopped while undoing, after the void: finishes the undoing without voiding again', async () => {
    const { store, inventory, payments, process, calls } = fakes(at.authorized);
    inventory.reservations.set(reservationId, 'RELEASED');
    payments.status = 'VOIDED';
    await process.handle(requestedEvent);
    expect(calls).toEqual([confirmCall, releaseCall, releaseHoldCall, failCall('RESERVATION_EXPIRED')]);
    expect(payments.gatewayVoids).toBe(0);
    expect(store.types().at(-1)).toBe('CheckoutFailed');
  });

  it('a finished checkout delivered again calls nothing and appends nothing (a failed one reserves nothing, though stock may have come in)', async () => {
    for (const point of ['completed', 'failedOutOfStock', 'failedExpired'] as const) {
      const { store, process, calls } = fakes(at[point]);
      await process.handle(requestedEvent);
      expect(calls, point).toEqual([]);
      expect(store.appends, point).toEqual([]);
    }
  });

  it('a payment that exists already (created on its own by an older version) makes the record go alone; the authorization is recorded at its version', async () => {
    const { store, process, calls } = fakes();
    await store.append({ streamId: paymentStreamId(paymentId), streamType: 'Payment', expectedVersion: 0, events: [{ type: 'PaymentCreated', data: { paymentId, orderId, amount: total } }] });
    store.appends.length = 0;
    await process.handle(requestedEvent);
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, placeCall]);
    expect(store.appends).toEqual([
      ['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested'],
      ['CheckoutPaymentAuthorized', 'CheckoutCompleted', 'PaymentAuthorized'],
    ]);
    expect(store.paymentTypes()).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it('another run recorded the authorization first: the completion conflicts on the payment, and the run resumes from the record, recording nothing twice', async () => {
    const { store, inventory, process, calls } = fakes();
    const confirm = inventory.confirm.bind(inventory);
    let raced = false;
    inventory.confirm = async (...args) => {
      if (!raced) {
        raced = true;
        const authorized: PaymentEvent = { type: 'PaymentAuthorized', data: { paymentId, authorizationId: 'auth-1', amount: total } };
        await store.append({ streamId: paymentStreamId(paymentId), streamType: 'Payment', expectedVersion: 1, events: [authorized] });
      }
      return confirm(...args);
    };
    await process.handle(requestedEvent);
    // The placing append is the one that conflicted; after the reload the recorded answer is taken.
    expect(calls).toEqual([reserveCall, authorizeCall, confirmCall, placeCall, authorizeCall, confirmCall, placeCall]);
    expect(store.paymentTypes()).toEqual(['PaymentCreated', 'PaymentAuthorized']);
    expect(store.types()).toEqual(COMPLETED_CHECKOUT);
  });

  it('a checkout left half-way by the step-per-event version is resumed by the delivery of its newest event', async () => {
    const { store, inventory, process, calls } = fakes(at.reserved);
    inventory.reservations.set(reservationId, 'ACTIVE');
    const newest = store.streams.get(checkoutStreamId(checkoutId))!.at(-1)!;
    await process.handle(newest);
    expect(calls).toEqual([authorizeCall, confirmCall, placeCall]);
    expect(store.appends).toEqual([
      ['CheckoutPaymentAuthorizationRequested', 'PaymentCreated'],
      ['CheckoutPaymentAuthorized', 'CheckoutCompleted', 'PaymentAuthorized'],
    ]);
  });

  it("a request's first delivery reads nothing: the checkout is new; any other delivery reads its stream", async () => {
    const first = fakes();
    await first.process.handle(requestedEvent, { first: true });
    expect(first.store.reads).toEqual([]);
    expect(first.store.types().at(-1)).toBe('CheckoutCompleted');

    // Delivered again after a stop, the request finds the checkout done and does nothing more.
    const again = fakes(at.completed);
    await again.process.handle(requestedEvent, { first: false });
    expect(again.store.reads).toEqual([checkoutStreamId(checkoutId)]);
    expect(again.calls).toEqual([]);
  });

  it("the checkout's own events, once this process finished it, cost not even a read", async () => {
    const { store, process } = fakes();
    await process.handle(requestedEvent);
    for (const event of store.streams.get(checkoutStreamId(checkoutId))!) await process.handle(event);
    await process.handle(requestedEvent);
    // The one read is the request's first delivery's, of the then empty stream.
    expect(store.reads).toEqual([checkoutStreamId(checkoutId)]);
    expect(store.appends).toHaveLength(2);
  });
});
