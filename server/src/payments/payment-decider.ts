import type { Decider } from '../commands/decider';
import { BadUserInputError, ConflictError, NotFoundError } from '../shared/errors';
import { totalMoney, type Money } from '../shared/money';
import { text } from '../shared/validation';
import { PaymentStateError } from './errors';
import { PAYMENT_STREAM_TYPE, type PaymentEvent } from './events';

export type PaymentStatus = 'PENDING' | 'AUTHORIZED' | 'DECLINED' | 'PARTIALLY_CAPTURED' | 'CAPTURED' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED';

export interface PaymentDecline {
  declineCode: string;
  bank: string;
  message: string;
}

export interface PaymentState {
  paymentId: string | undefined;
  orderId: string | undefined;
  status: PaymentStatus;
  /** The amount asked for; its currency is the payment's. */
  amount: Money | undefined;
  authorizationId: string | undefined;
  authorized: number;
  captured: number;
  refunded: number;
  decline: PaymentDecline | undefined;
  /** Keys of the keyed captures recorded (e.g. one per shipment), so a retried one captures nothing more. */
  captureIds: string[];
}

export type PaymentCommand =
  | { type: 'CreatePayment'; paymentId: string; orderId: string; amount: Money }
  | { type: 'RecordAuthorization'; authorizationId: string }
  | ({ type: 'RecordDecline' } & PaymentDecline)
  | { type: 'CapturePayment'; amount: Money; captureId?: string }
  | { type: 'RefundPayment'; amount: Money; reason: string }
  /** `unrecordedHold`: the authorization may have happened without being recorded (the payment is PENDING); void it all the same. */
  | { type: 'VoidPayment'; unrecordedHold?: boolean };

export const MAX_REFUND_REASON_LENGTH = 500;

export const initialState = (): PaymentState => ({
  paymentId: undefined,
  orderId: undefined,
  status: 'PENDING',
  amount: undefined,
  authorizationId: undefined,
  authorized: 0,
  captured: 0,
  refunded: 0,
  decline: undefined,
  captureIds: [],
});

export const statusAfterCapture = (totalCaptured: number, authorized: number): PaymentStatus => (totalCaptured >= authorized ? 'CAPTURED' : 'PARTIALLY_CAPTURED');
export const statusAfterRefund = (totalRefunded: number, captured: number): PaymentStatus => (totalRefunded >= captured ? 'REFUNDED' : 'PARTIALLY_REFUNDED');

export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentCreated':
      return { ...state, paymentId: event.data.paymentId, orderId: event.data.orderId, amount: event.data.amount, status: 'PENDING' };
    case 'PaymentAuthorized':
      return { ...state, status: 'AUTHORIZED', authorizationId: event.data.authorizationId, authorized: event.data.amount.amount };
    case 'PaymentDeclined': {
      const { declineCode, bank, message } = event.data;
      return { ...state, status: 'DECLINED', decline: { declineCode, bank, message } };
    }
    case 'PaymentCaptured':
      return {
        ...state,
        status: statusAfterCapture(event.data.totalCaptured.amount, state.authorized),
        captured: event.data.totalCaptured.amount,
        captureIds: event.data.captureId ? [...state.captureIds, event.data.captureId] : state.captureIds,
      };
    case 'PaymentRefunded':
      return { ...state, status: statusAfterRefund(event.data.totalRefunded.amount, state.captured), refunded: event.data.totalRefunded.amount };
    case 'PaymentVoided':
      return { ...state, status: 'VOIDED' };
  }
}

/** The outcome of the authorization, once there is one. */
export function authorizationOutcome(state: PaymentState): { outcome: 'AUTHORIZED' } | { outcome: 'DECLINED'; declineCode: string; bank: string } | undefined {
  if (state.authorizationId) return { outcome: 'AUTHORIZED' };
  if (state.decline) return { outcome: 'DECLINED', declineCode: state.decline.declineCode, bank: state.decline.bank };
  return undefined;
}

function existing(state: PaymentState): { paymentId: string; currency: string } {
  if (!state.paymentId || !state.amount) throw new NotFoundError('Payment');
  return { paymentId: state.paymentId, currency: state.amount.currency };
}

/** A positive whole amount in the payment's currency, at most `allowed`. */
function validAmount(amount: Money, currency: string, allowed: number, what: string): Money {
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    throw new BadUserInputError(`The ${what} amount must be a positive whole number of minor units, got ${amount.amount}`, { field: 'amount' });
  }
  if (amount.currency.trim().toUpperCase() !== currency) {
    throw new BadUserInputError(`This payment is in ${currency}; a ${amount.currency} ${what} is not possible`, { field: 'amount' });
  }
  if (amount.amount > allowed) {
    throw new BadUserInputError(`Only ${allowed} ${currency} minor units remain to ${what}, asked for ${amount.amount}`, { field: 'amount', allowed });
  }
  return { amount: amount.amount, currency };
}

function invalidState(action: string, state: PaymentState): never {
  throw new PaymentStateError(state.status, action);
}

export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'CreatePayment': {
      // What the order totals, so bounded by MAX_TOTAL_AMOUNT (capture and refund by what it authorized).
      const amount = totalMoney(command.amount.amount, command.amount.currency);
      if (amount.amount <= 0) throw new BadUserInputError('A payment amount must be positive', { field: 'amount' });
      if (state.paymentId) {
        const same = state.orderId === command.orderId && state.amount?.amount === amount.amount && state.amount.currency === amount.currency;
        if (same) return [];
        throw new ConflictError(`Payment ${command.paymentId} already exists for another order or amount`);
      }
      return [{ type: 'PaymentCreated', data: { paymentId: command.paymentId, orderId: command.orderId, amount } }];
    }
    case 'RecordAuthorization': {
      const { paymentId } = existing(state);
      // The gateway is idempotent, so a racing second recording carries the same authorization: nothing to add.
      if (state.status !== 'PENDING' && state.authorizationId === command.authorizationId) return [];
      if (state.status !== 'PENDING') invalidState('authorized', state);
      return [{ type: 'PaymentAuthorized', data: { paymentId, authorizationId: command.authorizationId, amount: state.amount! } }];
    }
    case 'RecordDecline': {
      const { paymentId } = existing(state);
      if (state.status === 'DECLINED' && state.decline?.declineCode === command.declineCode) return [];
      if (state.status !== 'PENDING') invalidState('declined', state);
      const { declineCode, bank, message } = command;
      return [{ type: 'PaymentDeclined', data: { paymentId, declineCode, bank, message, amount: state.amount! } }];
    }
    case 'CapturePayment': {
      const { paymentId, currency } = existing(state);
      if (command.captureId !== undefined && state.captureIds.includes(command.captureId)) return [];
      if (state.status !== 'AUTHORIZED' && state.status !== 'PARTIALLY_CAPTURED') invalidState('captured', state);
      const amount = validAmount(command.amount, currency, state.authorized - state.captured, 'capture');
      const totalCaptured = { amount: state.captured + amount.amount, currency };
      const captureId = command.captureId === undefined ? {} : { captureId: text('captureId', command.captureId, { max: 200 }) };
      return [{ type: 'PaymentCaptured', data: { paymentId, amount, totalCaptured, ...captureId } }];
    }
    case 'RefundPayment': {
      const { paymentId, currency } = existing(state);
      if (state.status !== 'PARTIALLY_CAPTURED' && state.status !== 'CAPTURED' && state.status !== 'PARTIALLY_REFUNDED') invalidState('refunded', state);
      const reason = text('reason', command.reason, { max: MAX_REFUND_REASON_LENGTH });
      const amount = validAmount(command.amount, currency, state.captured - state.refunded, 'refund');
      return [{ type: 'PaymentRefunded', data: { paymentId, amount, reason, totalRefunded: { amount: state.refunded + amount.amount, currency } } }];
    }
    case 'VoidPayment': {
      const { paymentId } = existing(state);
      const voidable = state.status === 'AUTHORIZED' || (command.unrecordedHold === true && state.status === 'PENDING');
      if (!voidable) invalidState('voided', state);
      return [{ type: 'PaymentVoided', data: { paymentId } }];
    }
  }
}

export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = { streamType: PAYMENT_STREAM_TYPE, initialState, evolve, decide };
