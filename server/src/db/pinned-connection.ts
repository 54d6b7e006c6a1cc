import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';
import { PreparingPgClient } from './prepared-statements';

// knex has no public hook for a transaction's BEGIN/COMMIT; a custom client class (`client:
// Class`, documented) over its PostgreSQL client and transaction classes is the way in.
const require = createRequire(import.meta.url);
const PgTransaction = require('knex/lib/dialects/postgres/execution/pg-transaction.js') as new (...args: unknown[]) => object;

/** Transaction-control statements knex sends, which a pinned connection does without. */
const TRANSACTION_CONTROL = /^(BEGIN;|COMMIT;|ROLLBACK)$/;

interface KnexTransactionInternals {
  _completed: boolean;
  _resolver(value: unknown): void;
  _rejecter(error: unknown): void;
}

/**
 * A knex "transaction" that is only a pinned connection: knex's BEGIN, COMMIT and ROLLBACK cost no
 * round trip, and its statements run in autocommit, or in a transaction the caller opens and ends
 * in its own statements (e.g. `BEGIN; <first statement>` in one message). Savepoints of nested
 * transactions still go to the server. It keeps the knex API the callers' code is written against.
 */
class PinnedConnection extends PgTransaction {
  query(conn: unknown, sql: string, status?: number, value?: unknown): Promise<unknown> {
    if (!TRANSACTION_CONTROL.test(sql)) return (PgTransaction.prototype as { query: PinnedConnection['query'] }).query.call(this, conn, sql, status, value);
    const self = this as unknown as KnexTransactionInternals;
    if (status === 1 || status === 2) self._completed = true;
    return Promise.resolve().then(() => {
      if (status === 1) self._resolver(value);
      if (status === 2) self._rejecter(value ?? new Error('Pinned connection released with no error'));
      return undefined;
    });
  }
}

class PinnedClient extends PreparingPgClient {
  transaction(...args: unknown[]) {
    return new PinnedConnection(this, ...args);
  }
}

/** A knex whose `transaction()` pins a connection instead of opening a transaction. */
export function createPinnedKnex(config: Knex.Config): Knex {
  return knexFactory({ ...config, client: PinnedClient as unknown as typeof knexFactory.Client });
}

/** The pinned pg connection itself, for statements sent as they are (simple protocol: several per message). */
export interface PinnedSql {
  query(sql: string): Promise<unknown>;
}

/** Pinning knexes, one per app pool, made from the pool's own settings; they never open connections. */
const pinning = new WeakMap<Knex, Knex>();

/**
 * Runs `fn` on one connection of `db`'s pool, pinned, with no BEGIN or COMMIT of knex's: `fn`
 * opens and ends its transaction in its own statements. When `fn` fails while the transaction may
 * still be open, the connection is rolled back before it goes back to the pool.
 */
export async function withPinnedConnection<T>(db: Knex, fn: (pinned: Knex.Transaction, sql: PinnedSql) => Promise<T>): Promise<T> {
  let pinner = pinning.get(db);
  if (!pinner) {
    const { pool: _pool, ...config } = db.client.config as Knex.Config;
    pinner = createPinnedKnex({ ...config, pool: { min: 0, max: 1 } });
    // Whoever watches the app pool's statements sees these too: they run on its connections.
    for (const event of ['query', 'query-error', 'query-response']) pinner.on(event, (...args: unknown[]) => db.emit(event, ...args));
    pinning.set(db, pinner);
  }
  const connection = (await db.client.acquireConnection()) as PinnedSql;
  try {
    return await pinner.transaction((pinned) => fn(pinned, connection), { connection });
  } catch (error) {
    // Outside a transaction PostgreSQL only warns; a broken connection is the pool's to discard.
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.client.releaseConnection(connection);
  }
}
