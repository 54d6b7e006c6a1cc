import type { Money } from '../shared/money';

export type AuthorizeOutcome =
  | { outcome: 'AUTHORIZED'; authorizationId: string }
  | { outcome: 'DECLINED'; declineCode: string; bank: string; message: string };

/** Every request names the shop it is for: a provider keeps each merchant's payments apart. */
interface GatewayRequest {
  tenantId: string;
  idempotencyKey: string;
}

/** The port to a card payment provider; the simulated gateway is one adapter, a real provider another. */
export interface PaymentGateway {
  /** Must be idempotent per idempotencyKey: asking again returns the first outcome and never charges twice. */
  authorize(request: GatewayRequest & { amount: Money; token: string }): Promise<AuthorizeOutcome>;
  capture(request: GatewayRequest & { authorizationId: string; amount: Money }): Promise<void>;
  refund(request: GatewayRequest & { authorizationId: string; amount: Money }): Promise<void>;
  void(request: GatewayRequest & { authorizationId: string }): Promise<void>;
  /**
   * Releases whatever hold the authorize request with `authorizeKey` made, without knowing its
   * answer: for an authorization that may have happened but was never heard of (the answer was
   * lost, or recording it failed). Does nothing when that request authorized nothing, and an
   * authorize with that key arriving later is declined, so no hold can outlive this call.
   */
  voidByAuthorizeKey(request: GatewayRequest & { authorizeKey: string }): Promise<void>;
}

/** A network-style failure: the request may or may not have arrived, so it is safe to retry with the same key. */
export class TransientGatewayError extends Error {
  constructor(message = 'The payment gateway did not answer') {
    super(message);
    this.name = 'TransientGatewayError';
  }
}

/**
 * The gateway was not asked at all: it failed so often lately that the circuit breaker is open.
 * Nothing reached the provider, so there is nothing to retry with the same key right now.
 */
export class GatewayUnavailableError extends Error {
  constructor(message = 'The payment gateway is unavailable: too many recent failures, calls are paused') {
    super(message);
    this.name = 'GatewayUnavailableError';
  }
}
