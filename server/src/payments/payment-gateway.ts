import type { Money } from '../shared/money';

export type AuthorizeOutcome =
  | { outcome: 'AUTHORIZED'; authorizationId: string }
  | { outcome: 'DECLINED'; declineCode: string; bank: string; message: string };

/** The port to a card payment provider; the simulated gateway is one adapter, a real provider another. */
export interface PaymentGateway {
  /** Must be idempotent per idempotencyKey: asking again returns the first outcome and never charges twice. */
  authorize(request: { idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome>;
  capture(request: { idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void>;
  refund(request: { idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void>;
  void(request: { idempotencyKey: string; authorizationId: string }): Promise<void>;
}

/** A network-style failure: the request may or may not have arrived, so it is safe to retry with the same key. */
export class TransientGatewayError extends Error {
  constructor(message = 'The payment gateway did not answer') {
    super(message);
    this.name = 'TransientGatewayError';
  }
}
