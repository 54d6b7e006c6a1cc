import type { Knex } from 'knex';

/** The restricted role of migration 20261123_0090_row_level_security: it sees one shop's rows only. */
export const TENANT_ROLE = 'ordercast_tenant';
/** The per-transaction setting the row-level security policies compare `tenant_id` with. */
export const TENANT_SETTING = 'ordercast.tenant_id';

/**
 * Runs `fn` in a transaction as the restricted role with the shop set, so PostgreSQL itself hides
 * every other shop's rows: a read that forgets its `tenant_id` filter cannot leak. Both settings are
 * transaction-local, so the pooled connection goes back as the app's own role.
 *
 * For request reads only: the role may SELECT and nothing else, and the projector, process managers
 * and rebuilds keep working across shops as the app's role.
 */
export async function withTenant<T>(db: Knex, tenantId: string, fn: (trx: Knex.Transaction) => PromiseLike<T>): Promise<T> {
  if (!tenantId) throw new Error('withTenant needs a shop id');
  return db.transaction(async (trx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await trx.raw('SELECT set_config(?, ?, true), set_config(?, ?, true)', ['role', TENANT_ROLE, TENANT_SETTING, tenantId]);
    return fn(trx);
  });
}
