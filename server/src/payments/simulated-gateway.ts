import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Money } from '../shared/money';
import { TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from './payment-gateway';
import { PREPARED } from '../db/prepared-statements';

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
  authorization_cancelled: 'The authorization was cancelled before it was made.',
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

export interface SimulatedHold {
  amount: Money;
  captured: number;
  refunded: number;
  voided: boolean;
}

interface HoldRow {
  currency: string;
  amount: string;
  captured: string;
  refunded: string;
  voided: boolean;
}

const holdOf = (row: HoldRow): SimulatedHold => ({
  amount: { amount: Number(row.amount), currency: row.currency },
  captured: Number(row.captured),
  refunded: Number(row.refunded),
  voided: row.voided,
});

/**
 * A card gateway for development and tests, keeping its state in PostgreSQL (its own tables, see
 * migration 20261130_0220) as a provider keeps it on its side: a hold made before a restart, or
 * by another node, can be captured, refunded or voided. Every request is idempotent per key, as a
 * real provider's is: repeating a key returns the first outcome and moves no money again.
 */
export class SimulatedGateway implements PaymentGateway {
  /**
   * `latencyMs`: how long each request takes on the way, as a real provider's network round trip
   * and processing do (card authorizations take a few hundred milliseconds): for measuring how
   * checkouts behave when the gateway, not this server, sets the pace. 0 (the default) answers at once.
   */
  constructor(
    private readonly db: Knex,
    private readonly latencyMs = 0,
  ) {}

  /** The request's time on the network; no connection or transaction is held meanwhile. */
  private async onTheWire(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    await this.onTheWire();
    const { tenantId, idempotencyKey } = request;
    // tok_flaky fails once per key, on whichever node it is asked first (an answered key is answered again).
    if (request.token === 'tok_flaky' && !(await this.outcomeOf(tenantId, idempotencyKey)) && (await this.claim(this.db, tenantId, `${idempotencyKey}:flaky`, 'planned failure'))) {
      throw new TransientGatewayError('Simulated network failure (tok_flaky)');
    }
    const outcome = outcomeFor(request.token);
    const hold = outcome.outcome === 'AUTHORIZED' ? outcome.authorizationId : null;
    // One statement, atomic on its own: the answer given for this key before, or this answer
    // recorded with its hold. A key another node answers meanwhile conflicts: its answer stands.
    const { rows } = await this.db.raw<{ rows: { earlier: AuthorizeOutcome | null; recorded: AuthorizeOutcome | null }[] }>(
      `WITH earlier AS (
         SELECT outcome FROM simulated_gateway_authorizations WHERE tenant_id = :tenantId AND idempotency_key = :key),
       recorded AS (
         INSERT INTO simulated_gateway_authorizations (tenant_id, idempotency_key, outcome)
         SELECT :tenantId, :key, :outcome::jsonb WHERE NOT EXISTS (SELECT 1 FROM earlier)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING outcome),
       held AS (
         INSERT INTO simulated_gateway_holds (tenant_id, authorization_id, authorize_key, currency, amount)
         SELECT :tenantId, :hold::text, :key, :currency, :amount FROM recorded WHERE :hold::text IS NOT NULL)
       SELECT (SELECT outcome FROM earlier) AS earlier, (SELECT outcome FROM recorded) AS recorded`,
      { tenantId, key: idempotencyKey, outcome: JSON.stringify(outcome), hold, currency: request.amount.currency, amount: request.amount.amount },
    ).options(PREPARED);
    const answer = rows[0]!.earlier ?? rows[0]!.recorded ?? (await this.outcomeOf(tenantId, idempotencyKey));
    if (!answer) throw new Error(`simulated gateway: no answer recorded for ${idempotencyKey}`);
    return answer;
  }

  async capture(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    await this.onTheWire();
    return this.once(request, `capture ${request.authorizationId} ${request.amount.amount}`, async (trx) => {
      const hold = await this.lockedHold(trx, request.tenantId, request.authorizationId, request.amount);
      if (hold.voided) throw new Error(`authorization ${request.authorizationId} was voided`);
      if (hold.captured + request.amount.amount > hold.amount.amount) throw new Error('capture exceeds the authorized amount');
      await this.holds(trx, request.tenantId, request.authorizationId).increment('captured', request.amount.amount);
    });
  }

  async refund(request: { tenantId: string; idempotencyKey: string; authorizationId: string; amount: Money }): Promise<void> {
    await this.onTheWire();
    return this.once(request, `refund ${request.authorizationId} ${request.amount.amount}`, async (trx) => {
      const hold = await this.lockedHold(trx, request.tenantId, request.authorizationId, request.amount);
      if (hold.refunded + request.amount.amount > hold.captured) throw new Error('refund exceeds the captured amount');
      await this.holds(trx, request.tenantId, request.authorizationId).increment('refunded', request.amount.amount);
    });
  }

  async void(request: { tenantId: string; idempotencyKey: string; authorizationId: string }): Promise<void> {
    await this.onTheWire();
    return this.once(request, `void ${request.authorizationId}`, async (trx) => {
      const hold = await this.lockedHold(trx, request.tenantId, request.authorizationId);
      if (hold.captured > 0) throw new Error(`authorization ${request.authorizationId} is already captured`);
      await this.holds(trx, request.tenantId, request.authorizationId).update({ voided: true });
    });
  }

  async voidByAuthorizeKey(request: { tenantId: string; idempotencyKey: string; authorizeKey: string }): Promise<void> {
    await this.onTheWire();
    const { tenantId, authorizeKey } = request;
    return this.once(request, `void authorize request ${authorizeKey}`, async (trx) => {
      // A request that never arrived gets an answer now, so if it arrives late it authorizes nothing.
      const cancelled = decline('authorization_cancelled', authorizeKey);
      await trx('simulated_gateway_authorizations')
        .insert({ tenant_id: tenantId, idempotency_key: authorizeKey, outcome: JSON.stringify(cancelled) })
        .onConflict(['tenant_id', 'idempotency_key'])
        .ignore();
      const row = await trx('simulated_gateway_holds').where({ tenant_id: tenantId, authorize_key: authorizeKey }).forUpdate().first<(HoldRow & { authorization_id: string }) | undefined>();
      if (!row) return;
      if (Number(row.captured) > 0) throw new Error(`authorization ${row.authorization_id} is already captured`);
      await this.holds(trx, tenantId, row.authorization_id).update({ voided: true });
    });
  }

  /** Money moved so far under an authorization, for tests that check nothing moved twice. */
  async holdOf(tenantId: string, authorizationId: string): Promise<SimulatedHold | undefined> {
    const row = await this.holds(this.db, tenantId, authorizationId).first<HoldRow | undefined>();
    return row && holdOf(row);
  }

  /** The hold an authorize request made, found by that request's key. */
  async holdMadeBy(tenantId: string, authorizeKey: string): Promise<SimulatedHold | undefined> {
    const row = await this.db('simulated_gateway_holds').where({ tenant_id: tenantId, authorize_key: authorizeKey }).first<HoldRow | undefined>();
    return row && holdOf(row);
  }

  private async outcomeOf(tenantId: string, idempotencyKey: string, db: Knex = this.db): Promise<AuthorizeOutcome | undefined> {
    const row = await db('simulated_gateway_authorizations').where({ tenant_id: tenantId, idempotency_key: idempotencyKey }).first<{ outcome: AuthorizeOutcome } | undefined>('outcome');
    return row?.outcome;
  }

  /** Records a keyed request; false when the key was claimed before. */
  private async claim(db: Knex, tenantId: string, idempotencyKey: string, request: string): Promise<boolean> {
    const inserted = await db('simulated_gateway_requests').insert({ tenant_id: tenantId, idempotency_key: idempotencyKey, request }).onConflict(['tenant_id', 'idempotency_key']).ignore().returning('request');
    return inserted.length > 0;
  }

  /**
   * Like a real provider, a key reused for a different request is refused rather than guessed at.
   * The key is claimed in the same transaction as the money moves, so a refused action claims nothing.
   */
  private async once(key: { tenantId: string; idempotencyKey: string }, request: string, action: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    await this.db.transaction(async (trx) => {
      if (await this.claim(trx, key.tenantId, key.idempotencyKey, request)) return action(trx);
      const earlier = await trx('simulated_gateway_requests').where({ tenant_id: key.tenantId, idempotency_key: key.idempotencyKey }).first<{ request: string }>('request');
      if (earlier.request !== request) throw new Error(`idempotency key ${key.idempotencyKey} was used for another request`);
    });
  }

  private holds(db: Knex, tenantId: string, authorizationId: string) {
    return db('simulated_gateway_holds').where({ tenant_id: tenantId, authorization_id: authorizationId });
  }

  private async lockedHold(trx: Knex.Transaction, tenantId: string, authorizationId: string, amount?: Money): Promise<SimulatedHold> {
    const row = await this.holds(trx, tenantId, authorizationId).forUpdate().first<HoldRow | undefined>();
    if (!row) throw new Error(`unknown authorization ${authorizationId}`);
    const hold = holdOf(row);
    if (amount && amount.currency !== hold.amount.currency) throw new Error(`authorization ${authorizationId} is in ${hold.amount.currency}`);
    return hold;
  }
}
