import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { Counter, type Registry } from 'prom-client';
import { UnauthenticatedError } from '../shared/errors';
import { signInRefused } from './sign-in-refusal';
import { blockAfter, type SignInThrottleSettings, type ThrottleLimits } from './sign-in-throttle-policy';
import { normalizeEmail } from './validation';

export interface SignInAttempt {
  shopId: string;
  email: string;
  /** The client's address, as the API sees it (behind a proxy, set TRUST_PROXY). */
  address: string;
}

type Scope = 'account' | 'address';

interface Counted {
  scope: Scope;
  key: string;
  tenantId: string | null;
  limits: ThrottleLimits;
}

/**
 * Failed sign-ins counted per account and per client address in `sign_in_throttle`, so every node
 * on the database sees the same counts. A blocked sign-in is refused before its password is even
 * checked, with the very answer a wrong password gets; a successful one clears its account's count.
 */
export class SignInThrottle {
  private readonly refusals: Counter<'scope' | 'reason'> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly settings: SignInThrottleSettings,
    metrics?: Registry,
  ) {
    this.refusals =
      metrics &&
      new Counter({
        name: 'ordercast_sign_in_throttled_total',
        help: 'Sign-ins refused without checking the password, because the account or the client address had failed too often: by scope (account, address) and reason (delayed, locked)',
        labelNames: ['scope', 'reason'] as const,
        registers: [metrics],
      });
  }

  /** Runs `signIn` unless the attempt is blocked; its UNAUTHENTICATED failure is counted, its success clears the account. */
  async attempt<T>(attempt: SignInAttempt, signIn: () => Promise<T>): Promise<T> {
    const counted = this.countedFor(attempt);
    await this.refuseIfBlocked(attempt.shopId, counted);
    try {
      const result = await signIn();
      await this.db('sign_in_throttle').where({ key: counted[0]!.key, tenant_id: attempt.shopId }).delete();
      return result;
    } catch (error) {
      if (error instanceof UnauthenticatedError) await Promise.all(counted.map((c) => this.recordFailure(c)));
      throw error;
    }
  }

  private countedFor(attempt: SignInAttempt): [Counted, Counted] {
    // The email is hashed: the table need not hold personal data to count it.
    const email = createHash('sha256').update(normalizeEmail(attempt.email)).digest('hex');
    return [
      { scope: 'account', key: `account:${attempt.shopId}:${email}`, tenantId: attempt.shopId, limits: this.settings.account },
      { scope: 'address', key: `address:${attempt.address}`, tenantId: null, limits: this.settings.address },
    ];
  }

  private async refuseIfBlocked(shopId: string, counted: Counted[]): Promise<void> {
    const rows: { key: string; failures: number }[] = await this.db('sign_in_throttle')
      .whereIn('key', counted.map((c) => c.key))
      // The account's row (its shop's) and the address's (no shop's).
      .where((rows) => rows.where('tenant_id', shopId).orWhereNull('tenant_id'))
      .where('blocked_until', '>', this.db.fn.now())
      .select('key', 'failures');
    const blocked = counted.find((c) => rows.some((row) => row.key === c.key));
    if (!blocked) return;
    const failures = rows.find((row) => row.key === blocked.key)!.failures;
    this.refusals?.inc({ scope: blocked.scope, reason: blockAfter(failures, blocked.limits, this.settings)?.kind ?? 'delayed' });
    throw signInRefused();
  }

  private async recordFailure(counted: Counted): Promise<void> {
    const { rows } = await this.db.raw<{ rows: { failures: number }[] }>(
      `INSERT INTO sign_in_throttle AS t (key, tenant_id, failures, last_failure_at) VALUES (?, ?, 1, now())
       ON CONFLICT (key) DO UPDATE
         SET failures = CASE WHEN t.last_failure_at < now() - (? * interval '1 second') THEN 1 ELSE t.failures + 1 END,
             last_failure_at = now()
       RETURNING failures`,
      [counted.key, counted.tenantId, this.settings.windowSeconds],
    );
    const block = blockAfter(rows[0]!.failures, counted.limits, this.settings);
    if (!block) return;
    await this.db.raw(
      `UPDATE sign_in_throttle SET blocked_until = GREATEST(blocked_until, last_failure_at + (? * interval '1 millisecond')) WHERE key = ? AND tenant_id IS NOT DISTINCT FROM ?`,
      [block.ms, counted.key, counted.tenantId],
    );
  }
}
