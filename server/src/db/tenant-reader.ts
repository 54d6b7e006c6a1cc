import { createRequire } from 'node:module';
import knexFactory, { type Knex } from 'knex';

// knex has no public hook for a transaction's BEGIN/COMMIT; its PostgreSQL client and
// transaction classes are the documented way to plug in a custom client (`client: Class`).
const require = createRequire(import.meta.url);
const PgClient = require('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => object;
const PgTransaction = require('knex/lib/dialects/postgres/execution/pg-transaction.js') as new (...args: unknown[]) => object;

/** Transaction-control statements knex sends, which a pinned connection does without. */
const TRANSACTION_CONTROL = /^(BEGIN;|COMMIT;|ROLLBACK)$/;

interface KnexTransactionInternals {
  _completed: boolean;
  _resolver(value: unknown): void;
  _rejecter(error: unknown): void;
}

/**
 * A knex "transaction" that is only a pinned pooled connection: its statements run one by one in
 * autocommit, and BEGIN, COMMIT and ROLLBACK cost no round trip. Request reads need nothing more
 * (each READ COMMITTED statement takes its own snapshot in a transaction too), and it keeps the
 * knex API their code is written against.
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

class PinnedReadsClient extends PgClient {
  transaction(...args: unknown[]) {
    return new PinnedConnection(this, ...args);
  }
}

/**
 * A pool for request reads whose connections are the restricted role for their whole life
 * (SET ROLE at connect), so PostgreSQL's row-level security applies to every statement on them
 * and the role cannot write. Kept apart from the app's pool, whose connections keep the app's role.
 */
export function createTenantReaderKnex(config: Knex.Config, role: string, poolMax: number): Knex {
  return knexFactory({
    ...config,
    client: PinnedReadsClient as unknown as typeof knexFactory.Client,
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (connection: { query(sql: string, cb: (error?: Error) => void): void }, done: (error: Error | undefined, connection: unknown) => void) => {
        connection.query(`SET ROLE ${role}`, (error) => done(error, connection));
      },
    },
  });
}
