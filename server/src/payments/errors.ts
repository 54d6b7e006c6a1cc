import { InvalidStateError } from '../shared/errors';
import type { PaymentStatus } from './payment-decider';

/**
 * A payment refused an action because of its status (a VOIDED payment cannot be captured, say).
 * Still INVALID_STATE to clients; its own class so that code settling payments in the background
 * can tell "already settled" from every other failure by the status, and retry the rest.
 */
export class PaymentStateError extends InvalidStateError {
  constructor(
    readonly status: PaymentStatus,
    readonly action: string,
  ) {
    super(`A ${status} payment cannot be ${action}`, { status });
  }
}

/**
 * The payment token a checkout referred to is no longer in the vault (it expired before the
 * payment was asked for), so the gateway cannot be asked: the checkout fails PAYMENT_ERROR.
 */
export class PaymentTokenGoneError extends InvalidStateError {
  constructor(readonly tokenRef: string) {
    super('The payment token is no longer available: it expired before the payment could be authorized', { tokenRef });
  }
}
