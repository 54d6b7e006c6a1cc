import type { Knex } from 'knex';

interface PooledConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: { locked: boolean }[] }>;
  once(event: 'error' | 'end', listener: () => void): void;
  /** Knex's mark for a connection the pool must discard instead of handing out again. */
  __knex__disposed?: unknown;
}

const LOCK = "hashtext('ordercast.lease'), hashtext($1)";

/**
 * The right to run one piece of work (a process manager) in this process: a session advisory lock
 * on a pooled connection kept out of the pool while the lease is held. That connection runs no
 * transaction (no snapshot, no xid: it holds nobody back). PostgreSQL drops the lock when the
 * connection dies, so a dead node hands its work over at once; `onLost` tells the holder.
 */
export class SessionLease {
  private connection: PooledConnection | undefined;

  constructor(
    private readonly db: Knex,
    private readonly name: string,
    private readonly onLost: () => void,
  ) {}

  get held(): boolean {
    return this.connection !== undefined;
  }

  /** Takes the lease if nobody holds it; true when this process holds it now. */
  async acquire(): Promise<boolean> {
    if (this.connection) return true;
    const connection = (await this.db.client.acquireConnection()) as PooledConnection;
    let locked = false;
    try {
      locked = (await connection.query(`SELECT pg_try_advisory_lock(${LOCK}) AS locked`, [this.name])).rows[0]?.locked === true;
    } finally {
      if (!locked) await this.db.client.releaseConnection(connection);
    }
    if (!locked) return false;
    this.connection = connection;
    const lost = () => {
      if (this.connection !== connection) return;
      this.connection = undefined;
      // Back to the pool to be discarded: a pool that is still lent a connection cannot be destroyed.
      connection.__knex__disposed = new Error('the lease connection was lost');
      void this.db.client.releaseConnection(connection).catch(() => {});
      this.onLost();
    };
    connection.once('error', lost);
    connection.once('end', lost);
    return true;
  }

  async release(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    await connection.query(`SELECT pg_advisory_unlock(${LOCK}) AS locked`, [this.name]).catch((error: unknown) => {
      // It may still hold the lock: it must not serve anyone else.
      connection.__knex__disposed = error;
    });
    await this.db.client.releaseConnection(connection);
  }
}
