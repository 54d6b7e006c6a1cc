import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import { LeaseSession } from './lease-session';
import { SessionLease } from './session-lease';

const NODE_NAMESPACE = 'ordercast.node';
/**
 * How stale the count may get. A node that leaves is noticed this late, and until then its
 * leases (projections, buckets) stay free, since the survivors hold their full share: a recount
 * is one read of pg_locks, so it is kept short.
 */
const RECOUNT_MS = 500;

/**
 * This server process's presence among the nodes sharing one database that run process managers
 * (an API-only node does not start it): every live node holds a
 * session advisory lock of its own in one namespace, so counting the holders counts the live
 * nodes, and a node that dies drops out as its connection does. No table, no heartbeat to expire.
 */
export class NodePresence {
  readonly id = randomUUID();
  /** The node's one connection for advisory locks: its presence and the leases of the work it runs. */
  readonly leases: LeaseSession;
  private readonly lease: SessionLease;
  private nodes = 1;
  private countedAt = 0;
  private counting: Promise<void> | undefined;
  private marked = false;

  constructor(
    private readonly db: Knex,
    private readonly logger: Logger,
  ) {
    this.leases = new LeaseSession(db);
    this.lease = new SessionLease(db, this.id, () => logger.warn('lost the connection that marks this node live; marking it again'), NODE_NAMESPACE, this.leases);
  }

  async start(): Promise<void> {
    this.marked = true;
    await this.lease.acquire();
    await this.recount();
  }

  /** After the work it ran has stopped: gives every lock up. */
  async stop(): Promise<void> {
    this.marked = false;
    await this.leases.close();
  }

  /** Live nodes as last counted (at least 1: this one), recounted when the count is older than RECOUNT_MS. */
  liveNodes(): number {
    if (Date.now() - this.countedAt > RECOUNT_MS && !this.counting) {
      this.counting = this.recount()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not count the live nodes'))
        .finally(() => (this.counting = undefined));
    }
    return this.nodes;
  }

  private async recount(): Promise<void> {
    // Re-mark this node if its connection was lost (the lease comes back with a new connection).
    if (this.marked && !this.lease.held) await this.lease.acquire();
    const { rows } = await this.db.raw<{ rows: { nodes: number }[] }>(
      `SELECT count(*)::int AS nodes FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND classid = hashtext(?)::oid
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [NODE_NAMESPACE],
    );
    this.nodes = Math.max(1, rows[0]?.nodes ?? 1);
    this.countedAt = Date.now();
  }
}
