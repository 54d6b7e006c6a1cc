import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { CircuitBreakingGateway, type GatewayCircuitState } from '../../server/src/payments/gateway-circuit-breaker';
import { GatewayUnavailableError, TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from '../../server/src/payments/payment-gateway';

/** A provider that fails transiently while `down`; counts the calls that reached it. */
class Provider implements PaymentGateway {
  down = true;
  calls = 0;
  private answer<T>(value: T): T {
    this.calls++;
    if (this.down) throw new TransientGatewayError('connection refused');
    return value;
  }
  async authorize(): Promise<AuthorizeOutcome> {
    return this.answer({ outcome: 'DECLINED', declineCode: 'do_not_honor', bank: 'Test Bank', message: 'no' });
  }
  async capture() {
    this.answer(undefined);
  }
  async refund() {
    this.answer(undefined);
  }
  async void() {
    this.answer(undefined);
  }
  async voidByAuthorizeKey() {
    this.answer(undefined);
  }
}

const request = { tenantId: 'demo', idempotencyKey: 'k', amount: { amount: 1, currency: 'EUR' }, token: 'tok_visa' };

describe('the gateway circuit breaker, state by state', () => {
  it('opens after the failures in a row, refuses without calling, probes once the break is over, opens again on a failed probe and closes on a good one', async () => {
    const provider = new Provider();
    const breaker = new CircuitBreakingGateway(provider, { failuresToOpen: 2, halfOpenAfterMs: 50 }, createLogger('silent'));
    const states: GatewayCircuitState[] = [];
    breaker.onStateChange((state) => states.push(state));

    await expect(breaker.authorize(request)).rejects.toBeInstanceOf(TransientGatewayError);
    expect(breaker.state).toBe('closed');
    await expect(breaker.authorize(request)).rejects.toBeInstanceOf(TransientGatewayError);
    expect(breaker.state).toBe('open');
    expect(breaker.refusesCalls()).toBe(true);
    await expect(breaker.capture({ ...request, authorizationId: 'a' })).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(provider.calls).toBe(2);

    // The probe, while the provider is still down: it fails and the circuit opens again.
    await vi.waitFor(() => expect(breaker.refusesCalls()).toBe(false), { timeout: 5_000, interval: 10 });
    await expect(breaker.authorize(request)).rejects.toBeInstanceOf(TransientGatewayError);
    expect(provider.calls).toBe(3);
    expect(breaker.state).toBe('open');
    expect(breaker.refusesCalls()).toBe(true);

    // The provider is back: the next probe succeeds and the circuit closes; a decline is an answer.
    provider.down = false;
    await vi.waitFor(() => expect(breaker.refusesCalls()).toBe(false), { timeout: 5_000, interval: 10 });
    await expect(breaker.authorize(request)).resolves.toMatchObject({ outcome: 'DECLINED' });
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('does not count a refusal by the provider (an answer) as a failure', async () => {
    const refusing = Object.assign(new Provider(), {
      capture: async () => {
        throw new Error('capture exceeds the authorized amount');
      },
    });
    const breaker = new CircuitBreakingGateway(refusing, { failuresToOpen: 1, halfOpenAfterMs: 60_000 }, createLogger('silent'));
    for (let i = 0; i < 3; i++) await expect(breaker.capture({ ...request, authorizationId: 'a' })).rejects.toThrow('capture exceeds');
    expect(breaker.state).toBe('closed');
  });
});
