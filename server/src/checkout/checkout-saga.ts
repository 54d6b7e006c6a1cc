import type { PaymentTokenSource } from '../payments/payments-service';
import type { Money } from '../shared/money';
import { derivedId } from '../shared/ids';
import { checkoutDecider, nextStep, type CheckoutCommand, type CheckoutState, type CheckoutStep } from './checkout-decider';
import type { CheckoutEvent, CheckoutFailureReason, CheckoutLine } from './events';

/**
 * The checkout saga, pure: given what the checkout knows (its state) and what just happened,
 * `react` says what to do next. No I/O here; the executor (checkout-process.ts) carries the
 * actions out, feeds each effect's outcome back in, and calls `react` again until it answers
 * nothing. Every action is safe to repeat: recording goes through the checkout decider (a step
 * already recorded decides nothing), and every effect is keyed by the checkout.
 *
 * A successful checkout appends to its stream twice: once the stock is reserved (with the start,
 * before the gateway is asked, so the payment id is on record while the payment is pending) and
 * once the order is placed. The steps between are noted and recorded with the next append: the
 * effects they follow are keyed, so a run that stops before that append repeats them and gets
 * the same answers. A failure is different: it first records what was noted, so a restart knows
 * what to undo, and it decides to undo only from recorded facts.
 */

export const paymentIdOf = (checkoutId: string) => derivedId(checkoutId, 'payment');
/** One reservation per checkout attempt, named after it. */
export const reservationIdOf = (checkoutId: string) => checkoutId;

/** The order's request that starts a checkout (the data of its CheckoutRequested event). */
export interface CheckoutRequestedInput {
  type: 'CheckoutRequested';
  checkoutId: string;
  orderId: string;
  attempt: number;
  lines: CheckoutLine[];
  total: Money;
  /** The payment token's place in the vault: the token itself is never recorded. */
  paymentTokenRef: string;
}

/** What the executor learned from carrying out an effect. */
export type CheckoutOutcome =
  | { type: 'StockReserved' }
  | { type: 'StockUnavailable'; skus: string[] }
  /** The reservation was released (it expired) before the order could be placed on it. */
  | { type: 'ReservationLost' }
  | { type: 'PaymentAuthorized' }
  | { type: 'PaymentDeclined'; declineCode: string; bank: string | null }
  /** The gateway kept failing, or the request was refused outright. */
  | { type: 'PaymentFailed'; error: string }
  | { type: 'ReservationConfirmed' };

export type CheckoutInput = CheckoutRequestedInput | CheckoutOutcome;

export type CheckoutAction =
  /** Append what was noted and what the commands decide, all in one append to the checkout stream. */
  | { type: 'Record'; commands: CheckoutCommand[] }
  /**
   * Decide now and append with the next Record. Only before a keyed effect whose outcome the next
   * step needs: a run that stops before that Record asks the effect again and gets the same answer.
   */
  | { type: 'Note'; commands: CheckoutCommand[] }
  /** All lines or none → StockReserved | StockUnavailable | ReservationLost. */
  | { type: 'ReserveStock'; reservationId: string; orderId: string; lines: CheckoutLine[] }
  /** → PaymentAuthorized | PaymentDeclined | PaymentFailed. */
  | { type: 'AuthorizePayment'; paymentId: string; orderId: string; amount: Money; payment: PaymentTokenSource }
  /** The reservation no longer expires → ReservationConfirmed | ReservationLost. */
  | { type: 'ConfirmReservation'; reservationId: string; skus: string[] }
  | { type: 'PlaceOrder'; orderId: string; checkoutId: string; paymentId: string }
  | { type: 'ReleaseStock'; reservationId: string; skus: string[] }
  /**
   * Voids whatever the payment may hold at the gateway, whatever the checkout recorded: an
   * authorization recorded on the payment, or one the gateway may have made without it being heard
   * or recorded (voided by the payment's authorize key).
   */
  | { type: 'VoidAuthorization'; paymentId: string }
  | { type: 'FailOrderCheckout'; orderId: string; checkoutId: string; reason: CheckoutFailureReason };

/**
 * The next actions for a checkout in `state` that has just seen `input` (nothing: resume from what
 * is recorded). An empty list means the checkout has finished (or has not started and nothing
 * asks it to). Each answer ends with a Record (the state moves on) or an effect whose outcome is
 * the next input, so calling it again always makes progress.
 */
export function react(state: CheckoutState, input?: CheckoutInput): CheckoutAction[] {
  if (state.checkoutId === undefined) return input?.type === 'CheckoutRequested' ? start(state, input) : [];
  const step = nextStep(state);
  if (step === undefined) return [];
  // An outcome that does not belong to the step the checkout is at is stale: resume from the record.
  return (input && input.type !== 'CheckoutRequested' && onOutcome(state, step, input)) || resume(state, step);
}

function start(state: CheckoutState, request: CheckoutRequestedInput): CheckoutAction[] {
  const { type: _type, ...data } = request;
  const commands: CheckoutCommand[] = [
    { type: 'StartCheckout', ...data, lines: data.lines.map(({ sku, quantity }) => ({ sku, quantity })) },
    { type: 'RequestStockReservation', reservationId: reservationIdOf(request.checkoutId) },
  ];
  return [note(...commands), reserveStock(after(state, commands))];
}

function onOutcome(state: CheckoutState, step: CheckoutStep, outcome: CheckoutOutcome): CheckoutAction[] | undefined {
  switch (step) {
    case 'AWAIT_RESERVATION':
      switch (outcome.type) {
        case 'StockReserved': {
          const commands: CheckoutCommand[] = [{ type: 'RecordStockReserved' }, { type: 'RequestPaymentAuthorization', paymentId: paymentIdOf(state.checkoutId!) }];
          return [record(...commands), authorizePayment(after(state, commands))];
        }
        case 'StockUnavailable':
          return [record({ type: 'RecordStockUnavailable', skus: outcome.skus })];
        case 'ReservationLost':
          return failure(state, 'RESERVATION_EXPIRED');
        default:
          return undefined;
      }
    case 'AWAIT_AUTHORIZATION':
      switch (outcome.type) {
        case 'PaymentAuthorized':
          return [note({ type: 'RecordPaymentAuthorized' }), confirmReservation(state)];
        case 'PaymentDeclined':
          return [record({ type: 'RecordPaymentDeclined', declineCode: outcome.declineCode, bank: outcome.bank })];
        case 'PaymentFailed':
          return [record({ type: 'RecordPaymentFailed', error: outcome.error })];
        default:
          return undefined;
      }
    case 'COMPLETE':
      switch (outcome.type) {
        case 'ReservationConfirmed':
          return [{ type: 'PlaceOrder', orderId: state.orderId, checkoutId: state.checkoutId!, paymentId: state.paymentId! }, record({ type: 'CompleteCheckout' })];
        case 'ReservationLost':
          return failure(state, 'RESERVATION_EXPIRED');
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

/** What to do at `step` with no news: the effect the step waits on is asked (again: they are all keyed). */
function resume(state: CheckoutState, step: Exclude<CheckoutStep, undefined>): CheckoutAction[] {
  switch (step) {
    case 'RESERVE_STOCK': {
      const commands: CheckoutCommand[] = [{ type: 'RequestStockReservation', reservationId: reservationIdOf(state.checkoutId!) }];
      return [note(...commands), reserveStock(after(state, commands))];
    }
    case 'AWAIT_RESERVATION':
      return [reserveStock(state)];
    case 'AUTHORIZE': {
      const commands: CheckoutCommand[] = [{ type: 'RequestPaymentAuthorization', paymentId: paymentIdOf(state.checkoutId!) }];
      return [record(...commands), authorizePayment(after(state, commands))];
    }
    case 'AWAIT_AUTHORIZATION':
      return [authorizePayment(state)];
    case 'COMPLETE':
      return [confirmReservation(state)];
    case 'FAIL':
      return failure(state, state.failure!.reason);
  }
}

/**
 * Records what was noted (a restart then undoes from the same facts), undoes what the checkout
 * holds, sends the order back to DRAFT, and only then records the failure: recorded first, a stop
 * half-way would leave the order in CHECKOUT_PENDING for good.
 */
function failure(state: CheckoutState, reason: CheckoutFailureReason): CheckoutAction[] {
  const checkoutId = state.checkoutId!;
  const skus = skusOf(state);
  const actions: CheckoutAction[] = [record()];
  // An expired reservation may still hold some SKUs (releasing is idempotent); a refused one holds nothing.
  if (state.stockReserved || reason === 'RESERVATION_EXPIRED') actions.push({ type: 'ReleaseStock', reservationId: state.reservationId!, skus });
  // A declined payment can never have been authorized; any other may have been, even if the checkout did not record it.
  if (state.paymentId && reason !== 'PAYMENT_DECLINED') actions.push({ type: 'VoidAuthorization', paymentId: state.paymentId });
  actions.push({ type: 'FailOrderCheckout', orderId: state.orderId, checkoutId, reason }, record({ type: 'FailCheckout', reason }));
  return actions;
}

const record = (...commands: CheckoutCommand[]): CheckoutAction => ({ type: 'Record', commands });
const note = (...commands: CheckoutCommand[]): CheckoutAction => ({ type: 'Note', commands });

const reserveStock = (state: CheckoutState): CheckoutAction => ({ type: 'ReserveStock', reservationId: state.reservationId!, orderId: state.orderId, lines: state.lines });

const authorizePayment = (state: CheckoutState): CheckoutAction => ({
  type: 'AuthorizePayment',
  paymentId: state.paymentId!,
  orderId: state.orderId,
  amount: state.total!,
  payment: state.legacyPaymentToken === undefined ? { tokenRef: state.paymentTokenRef } : { token: state.legacyPaymentToken },
});

const confirmReservation = (state: CheckoutState): CheckoutAction => ({ type: 'ConfirmReservation', reservationId: state.reservationId!, skus: skusOf(state) });

const skusOf = (state: CheckoutState) => state.lines.map((l) => l.sku);

/** What recording `commands` in turn appends, and the state after it. */
export function recording(state: CheckoutState, commands: readonly CheckoutCommand[]): { events: CheckoutEvent[]; state: CheckoutState } {
  const events: CheckoutEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = checkoutDecider.decide(command, current);
    events.push(...decided);
    current = decided.reduce(checkoutDecider.evolve, current);
  }
  return { events, state: current };
}

const after = (state: CheckoutState, commands: readonly CheckoutCommand[]) => recording(state, commands).state;
