import { randomUUID } from 'node:crypto';
import type { Money } from '../shared/money';
import { TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from './payment-gateway';

/** Issuing banks a simulated decline is attributed to; the token picks one, always the same. */
export const SIMULATED_BANKS = ['Bank of Testland', 'Northwind Savings', 'Contoso Credit Union', 'Fabrikam Bank'] as const;

const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'The card has insufficient funds.',
  do_not_honor: 'The issuing bank declined the payment.',
  expired_card: 'The card has expired.',
  incorrect_cvc: 'The card security code is incorrect.',
  lost_card: 'The card was reported lost.',
  stolen_card: 'The card was reported stolen.',
  invalid_token: 'The payment token is not valid.',
};

export function simulatedBankFor(token: string): string {
  let hash = 0;
  for (const char of token) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return SIMULATED_BANKS[hash % SIMULATED_BANKS.length]!;
}

function decline(declineCode: string, token: string): AuthorizeOutcome {
  const message = DECLINE_MESSAGES[declineCode] ?? `The card was declined (${declineCode}).`;
  return { outcome: 'DECLINED', declineCode, bank: simulatedBankFor(token), message };
}

/** What a token does: the test tokens documented for the simulated gateway. */
function outcomeFor(token: string): AuthorizeOutcome {
  if (token === 'tok_visa' || token === 'tok_flaky' || /^tok_ok_\w+$/.test(token)) {
    return { outcome: 'AUTHORIZED', authorizationId: `sim_auth_${randomUUID()}` };
  }
  const declined = /^tok_decline_([a-z0-9_]+)$/.exec(token);
  if (declined) return decline(declined[1]!, token);
  return decline('invalid_token', token);
}

interface Hold {
  amount: Money;
  captured: number;
  refunded: number;
  voided: boolean;
}

/**
 * An in-memory card gateway for development and tests. Every request is idempotent per key, as a
 * real provider's is: repeating a key returns the first outcome and moves no money again.
 */
export class SimulatedGateway implements PaymentGateway {
  private readonly authorizations = new Map<string, AuthorizeOutcome>();
  private readonly flakyFailed = new Set<string>();
  private readonly holds = new Map<string, Hold>();
  private readonly completed = new Map<string, string>();

  async authorize(request: { idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    const earlier = this.authorizations.get(request.idempotencyKey);
    if (earlier) return earlier;
    if (request.token === 'tok_flaky' && !this.flakyFailed.has(request.idempotencyKey)) {
      this.flakyFailed.add(request.idempotencyKey);
      throw new TransientGatewayError('Simulated network failure (tok_flaky)');
    }
    const outcome = outcomeFor(request.token);
    if (outcome.outcome === 'AUTHORIZED') this.holds.set(outcome.authorizationId, { amount: request.amount, captured: 0, refunded: 0, voided: false });
    this.authorizations.set(request.idempotencyKey, outcome);
    return outcome;
  }

  async capture(request: { idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    this.once(request.idempotencyKey, `capture ${request.authorizationId} ${request.amount.amount}`, () => {
      const hold = this.hold(request.authorizationId, request.amount);
      if (hold.voided) throw new Error(`authorization ${request.authorizationId} was voided`);
      if (hold.captured + request.amount.amount > hold.amount.amount) throw new Error('capture exceeds the authorized amount');
      hold.captured += request.amount.amount;
    });
  }

  async refund(request: { idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    this.once(request.idempotencyKey, `refund ${request.authorizationId} ${request.amount.amount}`, () => {
      const hold = this.hold(request.authorizationId, request.amount);
      if (hold.refunded + request.amount.amount > hold.captured) throw new Error('refund exceeds the captured amount');
      hold.refunded += request.amount.amount;
    });
  }

  async void(request: { idempotencyKey: string; authorizationId: string }): Promise<void> {
    this.once(request.idempotencyKey, `void ${request.authorizationId}`, () => {
      const hold = this.hold(request.authorizationId);
      if (hold.captured > 0) throw new Error(`authorization ${request.authorizationId} is already captured`);
      hold.voided = true;
    });
  }

  /** Money moved so far under an authorization, for tests that check nothing moved twice. */
  holdOf(authorizationId: string): Readonly<Hold> | undefined {
    return this.holds.get(authorizationId);
  }

  /** Like a real provider, a key reused for a different request is refused rather than guessed at. */
  private once(idempotencyKey: string, request: string, action: () => void): void {
    const earlier = this.completed.get(idempotencyKey);
    if (earlier === request) return;
    if (earlier !== undefined) throw new Error(`idempotency key ${idempotencyKey} was used for another request`);
    action();
    this.completed.set(idempotencyKey, request);
  }

  private hold(authorizationId: string, amount?: Money): Hold {
    const hold = this.holds.get(authorizationId);
    if (!hold) throw new Error(`unknown authorization ${authorizationId}`);
    if (amount && amount.currency !== hold.amount.currency) throw new Error(`authorization ${authorizationId} is in ${hold.amount.currency}`);
    return hold;
  }
}
