import type { Knex } from 'knex';
import { createTenantReaderKnex } from './tenant-reader';

/** The restricted role of migration 20261123_0090_row_level_security: it sees one shop's rows only. */
export const TENANT_ROLE = 'ordercast_tenant';
/** The setting the row-level security policies compare `tenant_id` with. */
export const TENANT_SETTING = 'ordercast.tenant_id';

/** Set on the `query` events of request reads (run under row-level security) that an app pool emits. */
export const TENANT_READ = 'tenantRead';

/** The shop a reader connection's session is set to, kept on the connection so a repeat costs nothing. */
const SESSION_SHOP = Symbol('ordercast.sessionShop');

/** The app pools whose request reads go through a pool of their own (see `attachTenantReader`). */
const readers = new WeakMap<Knex, () => Knex>();

/**
 * Gives an app pool a pool of reader connections for `withTenant`, created on first use and
 * destroyed with the app pool. Reader connections are the restricted role for life and keep the
 * shop they were last set to, so a request read is one round trip instead of four (BEGIN, role
 * and shop, the read, COMMIT): on this kind of machine every round trip is a costly wake-up of
 * another process.
 */
export function attachTenantReader(db: Knex, config: Knex.Config, poolMax: number): void {
  let reader: Knex | undefined;
  readers.set(db, () => {
    if (reader) return reader;
    reader = createTenantReaderKnex(config, TENANT_ROLE, poolMax);
    // Whoever watches the app pool's statements (tests counting them, say) sees the reads too,
    // marked as request reads.
    reader.on('query', (query: object) => {
      if (db.listenerCount('query') > 0) db.emit('query', { ...query, [TENANT_READ]: true });
    });
    for (const event of ['query-error', 'query-response']) reader.on(event, (...args: unknown[]) => db.emit(event, ...args));
    return reader;
  });
  // knex's own `destroy` cannot be replaced; it ends by destroying its client, which can.
  const client = db.client as { destroy(callback?: unknown): Promise<void> };
  const destroyClient = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => {
    await reader?.destroy();
    reader = undefined;
    return destroyClient(callback);
  };
}

/**
 * Runs `fn` as the restricted role with the shop set, so PostgreSQL itself hides every other
 * shop's rows: a read that forgets its `tenant_id` filter cannot leak.
 *
 * For request reads only: the role may SELECT and nothing else, and the projector, process managers
 * and rebuilds keep working across shops as the app's role. On a pool with a reader attached, `fn`
 * runs on a pinned reader connection in autocommit; on any other pool, in a transaction with both
 * settings transaction-local, so the pooled connection goes back as the app's own role.
 */
export async function withTenant<T>(db: Knex, tenantId: string, fn: (trx: Knex.Transaction) => PromiseLike<T>): Promise<T> {
  if (!tenantId) throw new Error('withTenant needs a shop id');
  const reader = readers.get(db)?.();
  if (reader) {
    return reader.transaction(async (pinned) => {
      const connection = (await pinned.client.acquireConnection()) as { [SESSION_SHOP]?: string };
      if (connection[SESSION_SHOP] !== tenantId) {
        // Forget the old shop first: if setting the new one fails, the next use sets it again.
        delete connection[SESSION_SHOP];
        await pinned.raw('SELECT set_config(?, ?, false)', [TENANT_SETTING, tenantId]);
        connection[SESSION_SHOP] = tenantId;
      }
      return fn(pinned);
    });
  }
  return db.transaction(async (trx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await trx.raw('SELECT set_config(?, ?, true), set_config(?, ?, true)', ['role', TENANT_ROLE, TENANT_SETTING, tenantId]);
    return fn(trx);
  });
}
