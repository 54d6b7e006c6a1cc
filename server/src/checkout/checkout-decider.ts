import type { Decider } from '../commands/decider';
import type { Money } from '../shared/money';
import type { CheckoutEvent, CheckoutFailureReason, CheckoutLine, CheckoutStatus } from './events';

export interface CheckoutState {
  checkoutId: string | undefined;
  orderId: string;
  status: CheckoutStatus | undefined;
  lines: CheckoutLine[];
  total: Money | undefined;
  /** The payment token's place in the vault. */
  paymentTokenRef: string;
  /** The token itself, in checkouts started before the vault only. */
  legacyPaymentToken: string | undefined;
  reservationId: string | undefined;
  stockReserved: boolean;
  paymentId: string | undefined;
  paymentAuthorized: boolean;
  /** Why it is failing, set by the step that found out; CheckoutFailed then finishes the job. */
  failure: { reason: CheckoutFailureReason; outOfStockSkus: string[]; declineCode: string | null } | undefined;
}

/**
 * The checkout's steps. Each command is accepted only at the step it belongs to and is a no-op
 * anywhere else, because the process manager may deliver the same event twice.
 */
export type CheckoutCommand =
  | { type: 'StartCheckout'; checkoutId: string; orderId: string; attempt: number; lines: CheckoutLine[]; total: Money; paymentTokenRef: string }
  | { type: 'RequestStockReservation'; reservationId: string }
  | { type: 'RecordStockReserved' }
  | { type: 'RecordStockUnavailable'; skus: string[] }
  | { type: 'RequestPaymentAuthorization'; paymentId: string }
  | { type: 'RecordPaymentAuthorized' }
  | { type: 'RecordPaymentDeclined'; declineCode: string; bank: string | null }
  | { type: 'RecordPaymentFailed'; error: string }
  | { type: 'CompleteCheckout' }
  | { type: 'FailCheckout'; reason?: CheckoutFailureReason };

export const initialState = (): CheckoutState => ({
  checkoutId: undefined,
  orderId: '',
  status: undefined,
  lines: [],
  total: undefined,
  paymentTokenRef: '',
  legacyPaymentToken: undefined,
  reservationId: undefined,
  stockReserved: false,
  paymentId: undefined,
  paymentAuthorized: false,
  failure: undefined,
});

export function evolve(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  switch (event.type) {
    case 'CheckoutStarted': {
      const { checkoutId, orderId, lines, total, paymentTokenRef, paymentToken } = event.data;
      return { ...state, checkoutId, orderId, lines, total, paymentTokenRef: paymentTokenRef ?? '', legacyPaymentToken: paymentToken, status: 'STARTED' };
    }
    case 'CheckoutStockReservationRequested':
      return { ...state, status: 'RESERVING_STOCK', reservationId: event.data.reservationId };
    case 'CheckoutStockReserved':
      return { ...state, status: 'STOCK_RESERVED', stockReserved: true };
    case 'CheckoutStockUnavailable':
      return { ...state, failure: { reason: 'OUT_OF_STOCK', outOfStockSkus: event.data.skus, declineCode: null } };
    case 'CheckoutPaymentAuthorizationRequested':
      return { ...state, status: 'AUTHORIZING_PAYMENT', paymentId: event.data.paymentId };
    case 'CheckoutPaymentAuthorized':
      return { ...state, paymentAuthorized: true };
    case 'CheckoutPaymentDeclined':
      return { ...state, failure: { reason: 'PAYMENT_DECLINED', outOfStockSkus: [], declineCode: event.data.declineCode } };
    case 'CheckoutPaymentFailed':
      return { ...state, failure: { reason: 'PAYMENT_ERROR', outOfStockSkus: [], declineCode: null } };
    case 'CheckoutCompleted':
      return { ...state, status: 'COMPLETED' };
    case 'CheckoutFailed':
      return { ...state, status: 'FAILED', failure: { reason: event.data.reason, outOfStockSkus: event.data.outOfStockSkus, declineCode: event.data.declineCode } };
  }
}

/** The step the checkout is waiting on; undefined once it has finished. */
export type CheckoutStep = 'RESERVE_STOCK' | 'AWAIT_RESERVATION' | 'AUTHORIZE' | 'AWAIT_AUTHORIZATION' | 'COMPLETE' | 'FAIL' | undefined;

export function nextStep(state: CheckoutState): CheckoutStep {
  if (state.status === 'COMPLETED' || state.status === 'FAILED' || state.status === undefined) return undefined;
  if (state.failure) return 'FAIL';
  switch (state.status) {
    case 'STARTED':
      return 'RESERVE_STOCK';
    case 'RESERVING_STOCK':
      return 'AWAIT_RESERVATION';
    case 'STOCK_RESERVED':
      return 'AUTHORIZE';
    case 'AUTHORIZING_PAYMENT':
      return state.paymentAuthorized ? 'COMPLETE' : 'AWAIT_AUTHORIZATION';
  }
}

export function decide(command: CheckoutCommand, state: CheckoutState): CheckoutEvent[] {
  const checkoutId = state.checkoutId!;
  const step = nextStep(state);
  switch (command.type) {
    case 'StartCheckout': {
      if (state.checkoutId) return [];
      const { type: _type, ...data } = command;
      return [{ type: 'CheckoutStarted', data }];
    }
    case 'RequestStockReservation':
      return step === 'RESERVE_STOCK' ? [{ type: 'CheckoutStockReservationRequested', data: { checkoutId, reservationId: command.reservationId } }] : [];
    case 'RecordStockReserved':
      return step === 'AWAIT_RESERVATION' ? [{ type: 'CheckoutStockReserved', data: { checkoutId, reservationId: state.reservationId! } }] : [];
    case 'RecordStockUnavailable':
      return step === 'AWAIT_RESERVATION' ? [{ type: 'CheckoutStockUnavailable', data: { checkoutId, skus: command.skus } }] : [];
    case 'RequestPaymentAuthorization':
      return step === 'AUTHORIZE' ? [{ type: 'CheckoutPaymentAuthorizationRequested', data: { checkoutId, paymentId: command.paymentId, amount: state.total! } }] : [];
    case 'RecordPaymentAuthorized':
      return step === 'AWAIT_AUTHORIZATION' ? [{ type: 'CheckoutPaymentAuthorized', data: { checkoutId, paymentId: state.paymentId! } }] : [];
    case 'RecordPaymentDeclined':
      return step === 'AWAIT_AUTHORIZATION'
        ? [{ type: 'CheckoutPaymentDeclined', data: { checkoutId, paymentId: state.paymentId!, declineCode: command.declineCode, bank: command.bank } }]
        : [];
    case 'RecordPaymentFailed':
      return step === 'AWAIT_AUTHORIZATION' ? [{ type: 'CheckoutPaymentFailed', data: { checkoutId, paymentId: state.paymentId!, error: command.error } }] : [];
    case 'CompleteCheckout':
      return step === 'COMPLETE' ? [{ type: 'CheckoutCompleted', data: { checkoutId, orderId: state.orderId, paymentId: state.paymentId! } }] : [];
    case 'FailCheckout': {
      const failure = state.failure ?? (command.reason && { reason: command.reason, outOfStockSkus: [], declineCode: null });
      if (step === undefined || !failure) return [];
      return [{ type: 'CheckoutFailed', data: { checkoutId, orderId: state.orderId, ...failure } }];
    }
  }
}

export const checkoutDecider: Decider<CheckoutState, CheckoutCommand, CheckoutEvent> = { streamType: 'Checkout', initialState, evolve, decide };
