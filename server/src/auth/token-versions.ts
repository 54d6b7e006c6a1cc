import { UnauthenticatedError } from '../shared/errors';
import type { Principal } from './principal';

/** What decides whether an account's tokens still count. */
export interface AccountAccess {
  tokenVersion: number;
  disabled: boolean;
}

export type AccountAccessReader = (tenantId: string, userId: string) => Promise<AccountAccess>;

interface Entry {
  access: Promise<AccountAccess>;
  loadedAt: number;
}

/**
 * The per-request check that a token was not revoked: its version must be the account's current
 * one, and the account not disabled. Answers from memory; an entry is dropped when the account's
 * access changes (`invalidate`, driven by the read model's NOTIFY on every server process) and in
 * any case after `ttlMs`, so a NOTIFY lost with a dropped connection cannot keep a revoked token
 * alive for longer than that.
 */
export class TokenVersionCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped per account on every invalidation: a read begun before it must not be cached after it. */
  private readonly generations = new Map<string, number>();
  private readonly invalidationListeners = new Set<(tenantId: string, userId: string) => void>();

  constructor(
    private readonly read: AccountAccessReader,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** UNAUTHENTICATED when the principal's token was revoked (an older version, or the account disabled). */
  async check(principal: Pick<Principal, 'shopId' | 'userId' | 'tokenVersion'>): Promise<void> {
    let access = await this.current(principal.shopId, principal.userId);
    // A token newer than what this server read: its NOTIFY is still on the way. Read again, once.
    if (principal.tokenVersion > access.tokenVersion) {
      this.entries.delete(keyOf(principal.shopId, principal.userId));
      access = await this.current(principal.shopId, principal.userId);
    }
    if (access.disabled) throw new UnauthenticatedError('This account is disabled');
    if (principal.tokenVersion !== access.tokenVersion) throw new UnauthenticatedError('The token was revoked: sign in again');
  }

  /** The account's access changed: the next check reads it afresh, and the listeners re-check what they hold. */
  invalidate(tenantId: string, userId: string): void {
    const key = keyOf(tenantId, userId);
    this.entries.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    for (const listener of [...this.invalidationListeners]) listener(tenantId, userId);
  }

  /** Invalidations may have been missed (the NOTIFY connection was lost): forget everything. */
  clear(): void {
    this.entries.clear();
    for (const key of [...this.generations.keys()]) this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  onInvalidated(listener: (tenantId: string, userId: string) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  private current(tenantId: string, userId: string): Promise<AccountAccess> {
    const key = keyOf(tenantId, userId);
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.loadedAt < this.ttlMs) return cached.access;
    if (this.entries.size >= SWEEP_AT) this.sweep();
    const generation = this.generations.get(key) ?? 0;
    const entry: Entry = { access: this.read(tenantId, userId), loadedAt: this.now() };
    this.entries.set(key, entry);
    entry.access.then(
      () => {
        // Invalidated while reading: what was read may predate the change.
        if ((this.generations.get(key) ?? 0) !== generation && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.access;
  }

  private sweep(): void {
    for (const [key, entry] of this.entries) if (this.now() - entry.loadedAt >= this.ttlMs) this.entries.delete(key);
  }
}

/** Entries outlive their TTL until asked for again: past this many, the expired ones are dropped. */
const SWEEP_AT = 10_000;

const keyOf = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;
