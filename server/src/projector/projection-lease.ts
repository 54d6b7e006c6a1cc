import type { LogCheckpoint } from '../eventstore/types';
import type { BucketShare } from '../process/bucket-share';
import type { SessionLease } from '../process/session-lease';
import { emptyBatch, type BatchResult } from './projection-runner';

/** The lease-name prefix of projections (process managers' leases are `process:…`). */
export const projectionLeaseName = (projection: string) => `projection:${projection}`;

export interface ProjectionLeaseOptions {
  lease: SessionLease;
  /** This node's fair share of the projections among the live nodes. */
  share: BucketShare;
  /** How long after a failed attempt the lease is tried again (a wake-up per commit must not cost a statement each). */
  retryMs: number;
  /** Where the projection stands as far as this node knows: what a batch it does not run reports. */
  known: () => LogCheckpoint;
}

/**
 * Runs a projection's batches on this node only while it holds the projection's lease, so that
 * with several nodes each projection is run by one of them and the others do not queue on its
 * advisory lock (with two nodes, those waits held up to a third of each node's pool). The
 * projections spread over the live nodes by fair share, as process-manager buckets do; a node that
 * holds more than its share (another came up) lets one go after its batch, and a dead node's
 * leases go with its connection, to be taken at the survivors' next attempt. The batch's own
 * transaction lock and compare-and-set checkpoint still keep two holders (a lease lost under a
 * running batch) from applying anything twice.
 */
export class ProjectionLease {
  private triedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ProjectionLeaseOptions) {}

  get held(): boolean {
    return this.options.lease.held;
  }

  /** Runs `batch` if this node holds (or can take) the lease; else reports where the projection is known to stand. */
  async run(batch: () => Promise<BatchResult>): Promise<BatchResult> {
    return (await this.runsNow()) ? batch() : this.idle();
  }

  /**
   * Whether this node runs the projection's next batch: it holds the lease, or takes it now; a
   * node holding more than its share lets one go instead.
   */
  async runsNow(): Promise<boolean> {
    const { lease, share } = this.options;
    if (!lease.held) return this.take();
    if (share.shedOne()) {
      await lease.release();
      return false;
    }
    return true;
  }

  private async take(): Promise<boolean> {
    const { lease, share, retryMs } = this.options;
    const now = Date.now();
    if (now - this.triedAt < retryMs || !share.hasRoom()) return false;
    this.triedAt = now;
    if (!(await lease.acquire())) return false;
    if (share.take()) return true;
    await lease.release();
    return false;
  }

  private idle(): BatchResult {
    return emptyBatch(this.options.known());
  }
}
