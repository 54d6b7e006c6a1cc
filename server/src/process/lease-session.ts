import type { Knex } from 'knex';

export interface PooledConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: { locked: boolean }[] }>;
  on(event: 'error' | 'end', listener: () => void): void;
  removeListener(event: 'error' | 'end', listener: () => void): void;
  /** Knex's mark for a connection the pool must discard instead of handing out again. */
  __knex__disposed?: unknown;
}

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/**
 * One pooled connection, kept out of the pool while it holds anything, that holds all of a node's
 * session advisory locks (its presence and the leases of the work it runs): however many buckets a
 * node holds, it pins one connection, not one per lease. The connection runs no transaction, so it
 * holds nobody back. When it dies, PostgreSQL drops every lock on it and every holder is told
 * (`onLost`). Its operations run one after another, so the connection is never handed back to
 * the pool under a query that still needs it.
 */
export class LeaseSession {
  private connection: { client: PooledConnection; lost: () => void } | undefined;
  private readonly holders = new Map<string, () => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Knex) {}

  /** Takes the lock if nobody holds it; true when this session holds it now. */
  tryLock(namespace: string, name: string, onLost: () => void): Promise<boolean> {
    return this.serially(async () => {
      if (this.holders.has(key(namespace, name))) return true;
      const connection = await this.open();
      const { rows } = await connection.query('SELECT pg_try_advisory_lock(hashtext($2), hashtext($1)) AS locked', [name, namespace]);
      if (rows[0]?.locked !== true || this.connection?.client !== connection) {
        await this.releaseIfIdle();
        return false;
      }
      this.holders.set(key(namespace, name), onLost);
      return true;
    });
  }

  holds(namespace: string, name: string): boolean {
    return this.holders.has(key(namespace, name));
  }

  unlock(namespace: string, name: string): Promise<void> {
    return this.serially(async () => {
      if (!this.holders.delete(key(namespace, name))) return;
      const connection = this.connection?.client;
      if (!connection) return;
      try {
        await connection.query('SELECT pg_advisory_unlock(hashtext($2), hashtext($1)) AS locked', [name, namespace]);
      } catch (error) {
        // It may still hold the lock: the connection must not serve anyone, and every lock goes with it.
        this.lose(error);
        return;
      }
      await this.releaseIfIdle();
    });
  }

  /** Gives every lock up and the connection back. */
  close(): Promise<void> {
    return this.serially(async () => {
      this.holders.clear();
      const connection = this.connection?.client;
      if (!connection) return;
      await connection.query('SELECT pg_advisory_unlock_all()').then(
        () => this.releaseIfIdle(),
        (error: unknown) => this.lose(error),
      );
    });
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  private async open(): Promise<PooledConnection> {
    if (this.connection) return this.connection.client;
    const client = (await this.db.client.acquireConnection()) as PooledConnection;
    const lost = () => this.lose(new Error('the lease connection was lost'));
    client.on('error', lost);
    client.on('end', lost);
    this.connection = { client, lost };
    return client;
  }

  /** Holding nothing: the connection goes back to the pool. */
  private async releaseIfIdle(): Promise<void> {
    const connection = this.connection;
    if (!connection || this.holders.size > 0) return;
    this.connection = undefined;
    connection.client.removeListener('error', connection.lost);
    connection.client.removeListener('end', connection.lost);
    await this.db.client.releaseConnection(connection.client);
  }

  private lose(reason: unknown): void {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    connection.client.removeListener('error', connection.lost);
    connection.client.removeListener('end', connection.lost);
    // Back to the pool to be discarded: a pool that is still lent a connection cannot be destroyed.
    connection.client.__knex__disposed = reason;
    void this.db.client.releaseConnection(connection.client).catch(() => {});
    const lost = [...this.holders.values()];
    this.holders.clear();
    for (const onLost of lost) onLost();
  }
}
