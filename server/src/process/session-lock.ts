import type { Knex } from 'knex';

interface PooledConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: { locked: boolean }[] }>;
  /** Knex's mark for a connection the pool must discard instead of handing out again. */
  __knex__disposed?: unknown;
}

const LOCK = "hashtext('ordercast.lease'), hashtext($1)";

/**
 * Runs `work` while this process holds the session advisory lock named `name`, or returns undefined
 * at once when another session holds it. The lock lives on a pooled connection that stays out of the
 * pool meanwhile and runs no transaction (no snapshot, no xid: it holds nobody back); `work` uses the
 * pool as usual. The lock is released when the work ends, and by PostgreSQL when the connection dies.
 */
export async function withSessionLock<T>(db: Knex, name: string, work: () => Promise<T>): Promise<T | undefined> {
  const connection = (await db.client.acquireConnection()) as PooledConnection;
  let locked = false;
  try {
    locked = (await connection.query(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`, [name])).rows[0]?.locked === true;
    return locked ? await work() : undefined;
  } finally {
    if (locked) {
      await connection.query(`SELECT pg_advisory_unlock(${LOCK}) AS locked`, [name]).catch((error: unknown) => {
        // It may still hold the lock: it must not serve anyone else.
        connection.__knex__disposed = error;
      });
    }
    await db.client.releaseConnection(connection);
  }
}
