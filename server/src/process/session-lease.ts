import type { Knex } from 'knex';
import { LeaseSession } from './lease-session';

/** The advisory-lock namespace of process-manager leases. */
export const LEASE_NAMESPACE = 'ordercast.lease';

/**
 * The right to run one piece of work (a process manager, or one bucket of its partitions) in this
 * process: a session advisory lock. On the node's shared lease session when one is given (one
 * pinned connection for all of a node's leases), else on a session of its own. PostgreSQL drops the
 * lock when the connection dies, so a dead node hands its work over at once; `onLost` tells the holder.
 */
export class SessionLease {
  private readonly session: LeaseSession;

  constructor(
    db: Knex,
    private readonly name: string,
    private readonly onLost: () => void,
    private readonly namespace: string = LEASE_NAMESPACE,
    session?: LeaseSession,
  ) {
    this.session = session ?? new LeaseSession(db);
  }

  get held(): boolean {
    return this.session.holds(this.namespace, this.name);
  }

  /** Takes the lease if nobody holds it; true when this process holds it now. */
  acquire(): Promise<boolean> {
    return this.session.tryLock(this.namespace, this.name, this.onLost);
  }

  release(): Promise<void> {
    return this.session.unlock(this.namespace, this.name);
  }
}
