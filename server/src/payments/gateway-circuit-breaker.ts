import { CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleType, isBrokenCircuitError } from 'cockatiel';
import type { Logger } from '../config/logger';
import type { Money } from '../shared/money';
import { GatewayUnavailableError, TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from './payment-gateway';

export interface GatewayCircuitSettings {
  /** Failures in a row (calls that did not answer) after which the circuit opens. */
  failuresToOpen: number;
  /** How long it stays open before one call is let through to probe the gateway. */
  halfOpenAfterMs: number;
}

export const DEFAULT_GATEWAY_CIRCUIT: GatewayCircuitSettings = { failuresToOpen: 5, halfOpenAfterMs: 10_000 };

export type GatewayCircuitState = 'closed' | 'open' | 'half-open';

/** The figure the metric shows for each state. */
export const CIRCUIT_STATE_VALUE: Record<GatewayCircuitState, number> = { closed: 0, open: 1, 'half-open': 2 };

const stateName = (state: CircuitState): GatewayCircuitState => (state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open');

/**
 * A payment gateway behind a circuit breaker (cockatiel). Only calls that did not answer
 * (TransientGatewayError) count as failures: a decline or a refused request is the gateway
 * working. Once `failuresToOpen` fail in a row, calls fail at once with GatewayUnavailableError
 * without reaching the gateway; after `halfOpenAfterMs` the next call probes it, and its outcome
 * closes the circuit or opens it again. One breaker per process.
 */
export class CircuitBreakingGateway implements PaymentGateway {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;
  private readonly listeners: ((state: GatewayCircuitState) => void)[] = [];

  constructor(
    private readonly gateway: PaymentGateway,
    private readonly settings: GatewayCircuitSettings,
    logger: Logger,
  ) {
    this.policy = circuitBreaker(handleType(TransientGatewayError), { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.failuresToOpen) });
    this.policy.onBreak(() => (this.openedAt = Date.now()));
    this.policy.onStateChange((state) => {
      const name = stateName(state);
      const log = { circuit: 'payment-gateway', state: name };
      if (name === 'open') logger.warn({ ...log, halfOpenAfterMs: settings.halfOpenAfterMs }, 'payment gateway circuit opened: calls fail fast until a probe succeeds');
      else logger.info(log, name === 'closed' ? 'payment gateway circuit closed: the probe succeeded' : 'payment gateway circuit half-open: probing the gateway');
      for (const listener of this.listeners) listener(name);
    });
  }

  get state(): GatewayCircuitState {
    return stateName(this.policy.state);
  }

  onStateChange(listener: (state: GatewayCircuitState) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Whether a call now would be refused without reaching the gateway: open and not yet time to
   * probe (the breaker only moves to half-open when a call comes, so that call must be let in), or
   * half-open with the probe under way.
   */
  refusesCalls(): boolean {
    const { state } = this.policy;
    return state === CircuitState.HalfOpen || (state === CircuitState.Open && Date.now() < this.openedAt + this.settings.halfOpenAfterMs);
  }

  authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    return this.call(() => this.gateway.authorize(request));
  }

  capture(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    return this.call(() => this.gateway.capture(request));
  }

  refund(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    return this.call(() => this.gateway.refund(request));
  }

  void(request: { tenantId: string; idempotencyKey: string; authorizationId: string }): Promise<void> {
    return this.call(() => this.gateway.void(request));
  }

  voidByAuthorizeKey(request: { tenantId: string; idempotencyKey: string; authorizeKey: string }): Promise<void> {
    return this.call(() => this.gateway.voidByAuthorizeKey(request));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(fn);
    } catch (error) {
      if (isBrokenCircuitError(error)) throw new GatewayUnavailableError();
      throw error;
    }
  }
}
