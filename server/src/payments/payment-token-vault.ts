import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import { LRUCache } from 'lru-cache';
import { ConflictError } from '../shared/errors';
import { derivedId } from '../shared/ids';
import { PREPARED } from '../db/prepared-statements';
import type { RowsTable, RowsWithAppend } from '../eventstore/rows-in-append';

export const MAX_PAYMENT_TOKEN_LENGTH = 200;

/** How long a token waits for its authorization before the sweep takes it (the process retries for minutes at most). */
export const DEFAULT_PAYMENT_TOKEN_TTL_MS = 60 * 60_000;

/** Tokens a node keeps in memory besides the table while their checkouts run: well over a minute of checkouts. */
const TOKENS_IN_MEMORY = 10_000;

/**
 * How long the rows of tokens given to `discardSoon` wait to be deleted together. Each delete was
 * a statement and a WAL flush of its own in every checkout, on the checkout's way to PLACED.
 */
export const DISCARD_GATHER_MS = 50;
/** Rows deleted by one statement at most; more waiting are deleted at once. */
const DISCARDS_PER_STATEMENT = 500;

/**
 * The vault's table as an append writes into it (see `putWithAppend`). A row under the same
 * reference can only be one a request never recorded left behind (a recorded request decides no
 * second append): the request being recorded now replaces it.
 */
const VAULT_ROWS: RowsTable = {
  table: 'payment_token_vault',
  columns: { tenant_id: 'text', token_ref: 'text', token: 'text', expires_at: 'timestamptz' },
  onConflict: 'ON CONFLICT (tenant_id, token_ref) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at',
};

/**
 * Where a checkout's payment token waits for its authorization, instead of in the event log, which
 * keeps everything forever. Events carry the reference; the row is deleted once the authorization
 * is recorded (see PaymentsService.authorize and authorizeUnrecorded) or the checkout ends without
 * one, and rows left behind are swept after their expiry (PaymentTokenSweep, every minute on the
 * worker nodes).
 *
 * The node that puts a token nearly always runs its checkout too, a few milliseconds later: it
 * keeps the tokens it put in memory as well, and takes them from there without a statement. The
 * table stays the truth for every other node and after a restart.
 */
export class PaymentTokenVault {
  private readonly kept = new LRUCache<string, { token: string; expiresAt: number }>({ max: TOKENS_IN_MEMORY });
  private discarding: { tenantId: string; ref: string }[] = [];
  private discardTimer: NodeJS.Timeout | undefined;
  private deleting: Promise<void> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly ttlMs: number = DEFAULT_PAYMENT_TOKEN_TTL_MS,
    private readonly logger?: Logger,
  ) {}

  /** One reference per checkout request: a retried request (same idempotency key) names the same row. */
  static refFor(orderId: string, idempotencyKey: string): string {
    return derivedId(orderId, `payment-token/${idempotencyKey}`);
  }

  /**
   * Keeps `token` under `ref`. The same request again keeps the row; the same reference with another
   * token is the client reusing an idempotency key for a different request.
   */
  async put(tenantId: string, ref: string, token: string, now = new Date()): Promise<void> {
    // Expired tokens are PaymentTokenSweep's: a sweep here cost every checkout a statement.
    const inserted = await this.db('payment_token_vault')
      .insert({ tenant_id: tenantId, token_ref: ref, token, expires_at: new Date(now.getTime() + this.ttlMs) })
      .onConflict(['tenant_id', 'token_ref'])
      .ignore()
      .returning('token_ref');
    if (inserted.length > 0) {
      this.kept.set(keyOf(tenantId, ref), { token, expiresAt: now.getTime() + this.ttlMs });
      return;
    }
    await this.refuseAnother(tenantId, ref, token);
  }

  /**
   * Keeps `token` under `ref` by the statement of the append that records the request naming it,
   * not by one of its own (a statement and a commit fewer on every checkout): the rows for that
   * append (`AppendOptions.rows`), and what to call once it has committed. The token is in the
   * vault as soon as the request is in the log, before any checkout process can read either.
   */
  putWithAppend(tenantId: string, ref: string, token: string, now = new Date()): { rows: RowsWithAppend; appended(): void } {
    const expiresAt = now.getTime() + this.ttlMs;
    return {
      rows: { into: VAULT_ROWS, rows: [{ event: 0, values: { tenant_id: tenantId, token_ref: ref, token, expires_at: new Date(expiresAt).toISOString() } }] },
      appended: () => this.kept.set(keyOf(tenantId, ref), { token, expiresAt }),
    };
  }

  /** A request recorded already under `ref` is repeated: with another token, its idempotency key was reused for a different request. */
  async refuseAnother(tenantId: string, ref: string, token: string): Promise<void> {
    const kept = await this.take(tenantId, ref);
    if (kept !== undefined && kept !== token) throw new ConflictError('This idempotencyKey was already used for a different checkout request', { field: 'idempotencyKey' });
  }

  /** The token, while it is kept and has not expired. */
  async take(tenantId: string, ref: string): Promise<string | undefined> {
    const inMemory = this.kept.get(keyOf(tenantId, ref));
    if (inMemory && inMemory.expiresAt > Date.now()) return inMemory.token;
    const row = await this.db('payment_token_vault').where({ tenant_id: tenantId, token_ref: ref }).where('expires_at', '>', this.db.fn.now()).options(PREPARED).first<{ token: string } | undefined>('token');
    return row?.token;
  }

  async discard(tenantId: string, ref: string): Promise<void> {
    this.kept.delete(keyOf(tenantId, ref));
    await this.db('payment_token_vault').where({ tenant_id: tenantId, token_ref: ref }).options(PREPARED).delete();
  }

  /**
   * Forgets the token on this node now, and deletes its row with the others discarded within
   * DISCARD_GATHER_MS, in one statement off the caller's path: for a token whose authorization
   * outcome is recorded, which nothing reads again. A delete that fails is logged, and its rows are
   * left to the sweep, which takes them once they expire.
   */
  discardSoon(tenantId: string, ref: string): void {
    this.kept.delete(keyOf(tenantId, ref));
    this.discarding.push({ tenantId, ref });
    if (this.discarding.length >= DISCARDS_PER_STATEMENT) void this.flushDiscards();
    else this.discardTimer ??= setTimeout(() => void this.flushDiscards(), DISCARD_GATHER_MS);
  }

  /** Deletes the rows of every token given to `discardSoon` so far (the app does as it stops). */
  async flushDiscards(): Promise<void> {
    clearTimeout(this.discardTimer);
    this.discardTimer = undefined;
    const batch = this.discarding;
    this.discarding = [];
    const earlier = this.deleting;
    const deleting = (async () => {
      await earlier;
      if (batch.length === 0) return;
      try {
        await this.db.raw(
          `DELETE FROM payment_token_vault v USING unnest(?::text[], ?::text[]) AS d(tenant_id, token_ref)
            WHERE v.tenant_id = d.tenant_id AND v.token_ref = d.token_ref`,
          [batch.map((d) => d.tenantId), batch.map((d) => d.ref)],
        );
      } catch (error) {
        this.logger?.warn({ err: error, tokens: batch.length }, 'discarded payment tokens not deleted; the sweep deletes them once they expire');
      }
    })();
    this.deleting = deleting;
    await deleting;
    if (this.deleting === deleting) this.deleting = undefined;
  }

  /** Deletes the tokens of every shop whose checkout abandoned them; answers how many. */
  sweepExpired(now = new Date()): Promise<number> {
    return this.db('payment_token_vault').where('expires_at', '<=', now).delete();
  }
}

const keyOf = (tenantId: string, ref: string) => `${tenantId}\u0000${ref}`;
