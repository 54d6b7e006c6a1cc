import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** A person's data key as this process knows it: the key, or gone because the person was erased. */
export type DataKey = { state: 'live'; key: Buffer } | { state: 'erased' };

interface CachedKey {
  /** undefined: no key was ever made for the person (so far). */
  key: DataKey | undefined;
  fetchedAt: number;
}

interface KeyRow {
  tenant_id: string;
  subject_id: string;
  wrapped_key: Buffer | null;
}

/**
 * How long another process may go on using a key this one no longer knows about. An erasure drops
 * the key from its own process's cache at once; other server processes forget it within this time.
 */
export const KEY_CACHE_MS = 60_000;

/** How a person's key is named in the maps `find` answers with. */
export const dataKeyId = (tenantId: string, subjectId: string) => `${tenantId}\u0000${subjectId}`;
const cacheKey = dataKeyId;

/**
 * The per-person data keys of `customer_data_keys`, wrapped with the key-encryption key
 * (AES-256-GCM, shop and person bound in). Unwrapped keys are cached per process: reading events
 * is on every hot path, and a key never changes until it is erased.
 */
export class DataKeys {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly db: Knex,
    private readonly kek: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** The person's key, made on first use; `erased` once they were erased (nothing new is encrypted for them then). */
  async keyFor(tenantId: string, subjectId: string): Promise<DataKey> {
    const cached = this.fresh(tenantId, subjectId);
    if (cached?.key) return cached.key;
    const fresh = randomBytes(32);
    // One round trip: the new key, or the one another writer made first (the CTE's insert is not
    // visible to the outer SELECT of the same statement, hence the UNION).
    const { rows } = await this.db.raw<{ rows: KeyRow[] }>(
      `WITH made AS (
         INSERT INTO customer_data_keys (tenant_id, subject_id, wrapped_key) VALUES (?, ?, ?)
         ON CONFLICT (tenant_id, subject_id) DO NOTHING
         RETURNING tenant_id, subject_id, wrapped_key)
       SELECT * FROM made
       UNION ALL
       SELECT tenant_id, subject_id, wrapped_key FROM customer_data_keys WHERE tenant_id = ? AND subject_id = ?
       LIMIT 1`,
      [tenantId, subjectId, this.wrap(tenantId, subjectId, fresh), tenantId, subjectId],
    );
    return this.remember(rows[0]!);
  }

  /**
   * The keys of these people, as far as they exist (by `dataKeyId`), with one statement for those
   * not cached. `sealed`: the caller holds an envelope of that key, so a cached "no key" will not
   * do (another process may have made it since); for plaintext from before encryption it will.
   * `trx`: the caller's transaction, read in instead of taking a second connection.
   */
  async find(wanted: readonly { tenantId: string; subjectId: string; sealed: boolean }[], trx?: Knex.Transaction): Promise<Map<string, DataKey>> {
    const found = new Map<string, DataKey>();
    const missing = new Map<string, { tenantId: string; subjectId: string }>();
    for (const { tenantId, subjectId, sealed } of wanted) {
      const id = cacheKey(tenantId, subjectId);
      if (found.has(id)) continue;
      const cached = this.fresh(tenantId, subjectId);
      if (cached?.key) found.set(id, cached.key);
      else if (!cached || sealed) missing.set(id, { tenantId, subjectId });
    }
    if (missing.size > 0) {
      const asked = [...missing.values()];
      const { rows } = await (trx ?? this.db).raw<{ rows: KeyRow[] }>(
        `SELECT k.tenant_id, k.subject_id, k.wrapped_key FROM customer_data_keys k
           JOIN unnest(?::text[], ?::text[]) AS m(tenant_id, subject_id) ON k.tenant_id = m.tenant_id AND k.subject_id = m.subject_id`,
        [asked.map((m) => m.tenantId), asked.map((m) => m.subjectId)],
      );
      for (const row of rows) found.set(cacheKey(row.tenant_id, row.subject_id), this.remember(row));
      for (const { tenantId, subjectId } of asked) {
        if (!found.has(cacheKey(tenantId, subjectId))) this.cache.set(cacheKey(tenantId, subjectId), { key: undefined, fetchedAt: this.now() });
      }
    }
    return found;
  }

  /** Deletes the person's key for good, leaving a tombstone (made even when no key existed: legacy plaintext is redacted by it). */
  async erase(tenantId: string, subjectId: string): Promise<void> {
    await this.db.raw(
      `INSERT INTO customer_data_keys (tenant_id, subject_id, wrapped_key, erased_at) VALUES (?, ?, NULL, now())
       ON CONFLICT (tenant_id, subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = coalesce(customer_data_keys.erased_at, now())`,
      [tenantId, subjectId],
    );
    this.forget(tenantId, subjectId, { state: 'erased' });
  }

  /** Told by a reader that the person was erased (e.g. it read their CustomerErased). */
  forget(tenantId: string, subjectId: string, key: DataKey = { state: 'erased' }): void {
    this.cache.set(cacheKey(tenantId, subjectId), { key, fetchedAt: this.now() });
  }

  private fresh(tenantId: string, subjectId: string): CachedKey | undefined {
    const cached = this.cache.get(cacheKey(tenantId, subjectId));
    // An erased key stays erased; only live and absent ones are looked at again.
    if (cached && (cached.key?.state === 'erased' || this.now() - cached.fetchedAt < KEY_CACHE_MS)) return cached;
    return undefined;
  }

  private remember(row: KeyRow): DataKey {
    const key: DataKey = row.wrapped_key ? { state: 'live', key: this.unwrap(row.tenant_id, row.subject_id, row.wrapped_key) } : { state: 'erased' };
    this.cache.set(cacheKey(row.tenant_id, row.subject_id), { key, fetchedAt: this.now() });
    return key;
  }

  private wrap(tenantId: string, subjectId: string, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(Buffer.from(`${tenantId}\u0000${subjectId}`, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), wrapped]);
  }

  private unwrap(tenantId: string, subjectId: string, wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.kek, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${tenantId}\u0000${subjectId}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}
