import type { Knex } from 'knex';
import { newId } from '../shared/ids';
import { newRefreshToken, refreshTokenHash } from './session-tokens';

export interface SessionRow {
  tenantId: string;
  familyId: string;
  userId: string;
}

/** What presenting a refresh token came to: a successor token, or why there is none. */
export type Rotation =
  | { outcome: 'rotated'; session: SessionRow; refreshToken: string; expiresAt: Date }
  /** An already rotated token came back: stolen or replayed, so its whole family was revoked. */
  | { outcome: 'reused'; session: SessionRow }
  | { outcome: 'unknown' | 'revoked' | 'expired' };

interface Row {
  tenant_id: string;
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Refresh tokens, stored as their sha-256, one row per token; a session is a family of them,
 * each replacing the one before. Rows are security state changed in place (rotated, revoked),
 * never events. The lookup by hash runs as the app's role across shops: the token itself names
 * the session, and with it the shop, as a password names an account.
 */
export class SessionStore {
  constructor(private readonly db: Knex) {}

  /** A new session (family) with its first refresh token. */
  async start(tenantId: string, userId: string, ttlSeconds: number): Promise<{ familyId: string; refreshToken: string; expiresAt: Date }> {
    const familyId = newId();
    const { refreshToken, expiresAt } = await this.insert(this.db, { tenantId, familyId, userId }, ttlSeconds);
    return { familyId, refreshToken, expiresAt };
  }

  /**
   * Swaps `refreshToken` for its successor in one short transaction, the row locked so two
   * requests with the same token cannot both rotate it: the second finds it rotated, which is reuse.
   */
  async rotate(refreshToken: string, ttlSeconds: number): Promise<Rotation> {
    return this.db.transaction(async (trx) => {
      const row: Row | undefined = await trx('sessions').where({ token_hash: refreshTokenHash(refreshToken) }).forUpdate().first();
      if (!row) return { outcome: 'unknown' };
      const session = { tenantId: row.tenant_id, familyId: row.family_id, userId: row.user_id };
      if (row.revoked_at) return { outcome: 'revoked' };
      if (row.rotated_at) {
        await revokeFamily(trx, session.tenantId, session.familyId);
        return { outcome: 'reused', session };
      }
      if (row.expires_at.getTime() <= Date.now()) return { outcome: 'expired' };
      await trx('sessions').where({ tenant_id: row.tenant_id, id: row.id }).update({ rotated_at: trx.fn.now() });
      // Tokens of the family past their expiry are refused whatever their row says: no need to keep them.
      await trx('sessions').where({ tenant_id: row.tenant_id, family_id: row.family_id }).where('expires_at', '<', trx.fn.now()).delete();
      return { outcome: 'rotated', session, ...(await this.insert(trx, session, ttlSeconds)) };
    });
  }

  /** The session `refreshToken` belongs to, whatever its state; undefined for a token never issued. */
  async sessionOf(refreshToken: string): Promise<SessionRow | undefined> {
    const row: Row | undefined = await this.db('sessions').where({ token_hash: refreshTokenHash(refreshToken) }).first();
    return row && { tenantId: row.tenant_id, familyId: row.family_id, userId: row.user_id };
  }

  async revokeFamily(tenantId: string, familyId: string): Promise<void> {
    await revokeFamily(this.db, tenantId, familyId);
  }

  /** Every live session of the account. */
  async revokeAccount(tenantId: string, userId: string): Promise<void> {
    await this.db('sessions').where({ tenant_id: tenantId, user_id: userId }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() });
  }

  private async insert(db: Knex | Knex.Transaction, session: SessionRow, ttlSeconds: number): Promise<{ refreshToken: string; expiresAt: Date }> {
    const refreshToken = newRefreshToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await db('sessions').insert({
      tenant_id: session.tenantId,
      id: newId(),
      family_id: session.familyId,
      user_id: session.userId,
      token_hash: refreshTokenHash(refreshToken),
      expires_at: expiresAt,
    });
    return { refreshToken, expiresAt };
  }
}

function revokeFamily(db: Knex | Knex.Transaction, tenantId: string, familyId: string) {
  return db('sessions').where({ tenant_id: tenantId, family_id: familyId }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
}
