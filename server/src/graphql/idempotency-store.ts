import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export const DEFAULT_IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;
/**
 * An attempt still in progress after this is taken to have died with its server (a mutation
 * answers within seconds: its read-model wait is bounded well below this).
 */
export const ABANDONED_ATTEMPT_SECONDS = 120;

/** Whose key it is: a key means something only to the caller that chose it, in one shop. */
export interface IdempotencyScope {
  tenantId: string;
  /** `user:<id>` for a signed-in account, `address:<ip>` for an anonymous caller. */
  caller: string;
  key: string;
}

/** A keyed request's first answer, as it went out. */
export interface StoredAnswer {
  httpStatus: number;
  body: unknown;
}

export type ClaimResult =
  /** This attempt holds the key and runs the mutation; `claim` names it. */
  | { kind: 'claimed'; claim: string }
  | { kind: 'answered'; answer: StoredAnswer }
  /** Another attempt of the same request holds the key right now. */
  | { kind: 'in-progress' }
  /** The key was used for a different request. */
  | { kind: 'other-request' };

interface ClaimRow {
  claim: string | null;
  request_hash: string;
  state: 'in_progress' | 'done';
  http_status: number | null;
  response: unknown;
}

/**
 * The idempotency_keys table. Every statement stands alone (autocommit): nothing is held open
 * while the mutation runs, so a claim is a row, not a lock.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: Knex,
    /** After this a key is forgotten and may be used afresh. */
    private readonly ttlSeconds: number,
    /** An attempt still in progress after this is taken to have died with its server; a retry takes the key over. */
    private readonly abandonedAfterSeconds: number,
  ) {}

  /**
   * Takes the key for this attempt, or says what holds it, in one round trip. The insert takes a
   * free, expired or abandoned key; otherwise the row as it stood before this statement answers.
   * Empty only when another attempt inserted the key while this statement ran: the caller asks again.
   */
  async claim(scope: IdempotencyScope, requestHash: string): Promise<ClaimResult | undefined> {
    const claim = randomUUID();
    const { rows } = await this.db.raw<{ rows: ClaimRow[] }>(
      `WITH claimed AS (
         INSERT INTO idempotency_keys AS k (tenant_id, caller, key, request_hash, state, claim)
         VALUES (?, ?, ?, ?, 'in_progress', ?)
         ON CONFLICT (tenant_id, caller, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, state = 'in_progress', claim = EXCLUDED.claim,
               http_status = NULL, response = NULL, created_at = now(), claimed_at = now()
           WHERE k.created_at < now() - make_interval(secs => ?)
              OR (k.state = 'in_progress' AND k.request_hash = EXCLUDED.request_hash AND k.claimed_at < now() - make_interval(secs => ?))
         RETURNING k.claim
       )
       SELECT claim, ?::text AS request_hash, 'in_progress' AS state, NULL::integer AS http_status, NULL::json AS response FROM claimed
       UNION ALL
       SELECT NULL, request_hash, state, http_status, response FROM idempotency_keys
        WHERE tenant_id = ? AND caller = ? AND key = ? AND NOT EXISTS (SELECT 1 FROM claimed)`,
      [scope.tenantId, scope.caller, scope.key, requestHash, claim, this.ttlSeconds, this.abandonedAfterSeconds, requestHash, scope.tenantId, scope.caller, scope.key],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.claim === claim) return { kind: 'claimed', claim };
    if (row.request_hash !== requestHash) return { kind: 'other-request' };
    if (row.state === 'done') return { kind: 'answered', answer: { httpStatus: row.http_status ?? 200, body: row.response } };
    return { kind: 'in-progress' };
  }

  /** Keeps the attempt's answer for the retries to come. */
  async complete(scope: IdempotencyScope, claim: string, answer: StoredAnswer): Promise<void> {
    await this.db('idempotency_keys')
      .where({ tenant_id: scope.tenantId, caller: scope.caller, key: scope.key, claim })
      .update({ state: 'done', http_status: answer.httpStatus, response: JSON.stringify(answer.body) });
  }

  /** Gives the key back: the attempt changed nothing a retry should not redo. */
  async release(scope: IdempotencyScope, claim: string): Promise<void> {
    await this.db('idempotency_keys').where({ tenant_id: scope.tenantId, caller: scope.caller, key: scope.key, claim }).delete();
  }

  /** Forgets expired keys. */
  async prune(): Promise<number> {
    return this.db('idempotency_keys').where('created_at', '<', this.db.raw('now() - make_interval(secs => ?)', [this.ttlSeconds])).delete();
  }
}
