import type { Knex } from 'knex';
import type { AccountAccess } from '../auth/token-versions';
import { withTenant } from '../db/tenant-scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An account's current token version and status, for the per-request token check (cached). */
export function accountAccessReader(db: Knex) {
  return async (tenantId: string, userId: string): Promise<AccountAccess> => {
    // Accounts are UUIDs; a token naming anything else was never registered, so never revoked either.
    if (!UUID.test(userId)) return { tokenVersion: 0, disabled: false };
    const row: { token_version: number; disabled: boolean } | undefined = await withTenant(db, tenantId, (trx) =>
      trx('account_access').where({ tenant_id: tenantId, user_id: userId }).first('token_version', 'disabled'),
    );
    // No row: nothing ever revoked the account's tokens.
    return row ? { tokenVersion: row.token_version, disabled: row.disabled } : { tokenVersion: 0, disabled: false };
  };
}

/** Which of a shop's accounts are disabled, for the staff list (one statement per page of accounts). */
export function disabledAccountsReader(db: Knex) {
  return async (tenantId: string, userIds: readonly string[]): Promise<boolean[]> => {
    const rows: { user_id: string }[] = await withTenant(db, tenantId, (trx) =>
      trx('account_access').where({ tenant_id: tenantId, disabled: true }).whereIn('user_id', [...userIds]).select('user_id'),
    );
    const disabled = new Set(rows.map((row) => row.user_id));
    return userIds.map((id) => disabled.has(id));
  };
}
