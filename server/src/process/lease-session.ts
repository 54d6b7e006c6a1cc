import type { Knex } from 'knex';

export interface PooledConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: { locked: boolean }[] }>;
  once(event: 'error' | 'end', listener: () => void): void;
  /** Knex's mark for a connection the pool must discard instead of handing out again. */
  __knex__disposed?: unknown;
}

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/**
 * One pooled connection, kept out of the pool, that holds all of a node's session advisory locks
 * (its presence and the leases of the work it runs): however many buckets a node holds, it pins
 * one connection, not one per lease. The connection runs no transaction, so it holds nobody back.
 * When it dies, PostgreSQL drops every lock on it and every holder is told (`onLost`).
 */
export class LeaseSession {
  private connection: PooledConnection | undefined;
  private opening: Promise<PooledConnection> | undefined;
  private readonly holders = new Map<string, () => void>();
  /** Queries on the connection run one after another (a pg client must not be handed a second query mid-flight). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Knex) {}

  /** Takes the lock if nobody holds it; true when this session holds it now. */
  async tryLock(namespace: string, name: string, onLost: () => void): Promise<boolean> {
    if (this.holders.has(key(namespace, name))) return true;
    const connection = await this.open();
    const { rows } = await this.serially(() => connection.query('SELECT pg_try_advisory_lock(hashtext($2), hashtext($1)) AS locked', [name, namespace]));
    const locked = rows[0]?.locked === true;
    if (!locked) return false;
    if (this.connection !== connection) return false;
    this.holders.set(key(namespace, name), onLost);
    return true;
  }

  holds(namespace: string, name: string): boolean {
    return this.holders.has(key(namespace, name));
  }

  async unlock(namespace: string, name: string): Promise<void> {
    if (!this.holders.delete(key(namespace, name))) return;
    const connection = this.connection;
    if (!connection) return;
    await this.serially(() => connection.query('SELECT pg_advisory_unlock(hashtext($2), hashtext($1)) AS locked', [name, namespace])).catch((error: unknown) => {
      // It may still hold the lock: the connection must not serve anyone, and every lock goes with it.
      this.lose(connection, error);
    });
  }

  /** Gives every lock up and the connection back. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.holders.clear();
    if (!connection) return;
    this.connection = undefined;
    await this.serially(() => connection.query('SELECT pg_advisory_unlock_all()')).catch((error: unknown) => {
      connection.__knex__disposed = error;
    });
    await this.db.client.releaseConnection(connection);
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  private open(): Promise<PooledConnection> {
    if (this.connection) return Promise.resolve(this.connection);
    this.opening ??= (async () => {
      const connection = (await this.db.client.acquireConnection()) as PooledConnection;
      const lost = () => this.lose(connection, new Error('the lease connection was lost'));
      connection.once('error', lost);
      connection.once('end', lost);
      this.connection = connection;
      return connection;
    })().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private lose(connection: PooledConnection, reason: unknown): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    // Back to the pool to be discarded: a pool that is still lent a connection cannot be destroyed.
    connection.__knex__disposed = reason;
    void this.db.client.releaseConnection(connection).catch(() => {});
    const lost = [...this.holders.values()];
    this.holders.clear();
    for (const onLost of lost) onLost();
  }
}
