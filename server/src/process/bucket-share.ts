import type { NodePresence } from './node-presence';

/**
 * How many of a process manager's buckets this node may hold, and how many partitions its runners
 * handle at once, all buckets together. Each live node takes its fair share of the buckets
 * (rounded up), so a second node takes half the work over, and a node's survivors take a dead
 * node's buckets at their next poll.
 */
export class BucketShare {
  held = 0;
  /** Partitions being handled now, by all of this manager's runners on this node. */
  busy = 0;
  private readonly waiting = new Set<() => void>();

  constructor(
    readonly buckets: number,
    readonly concurrency: number,
    private readonly presence: NodePresence | undefined,
  ) {}

  /** This node's fair share of the buckets now. */
  limit(): number {
    return Math.ceil(this.buckets / (this.presence?.liveNodes() ?? 1));
  }

  /** Whether this node holds less than its share. */
  hasRoom(): boolean {
    return this.held < this.limit();
  }

  /** Counts one more bucket lease held; false (nothing counted) when this node holds its share. */
  take(): boolean {
    if (this.held >= this.limit()) return false;
    this.held++;
    return true;
  }

  giveBack(): void {
    this.held = Math.max(0, this.held - 1);
  }

  /** True (and the place given back) when this node holds more than its share: the caller hands its bucket over. */
  shedOne(): boolean {
    if (this.held <= this.limit()) return false;
    this.held--;
    return true;
  }

  /** Takes a partition slot; false when all are busy (`onFree` is then called when one frees). */
  acquireSlot(onFree: () => void): boolean {
    if (this.busy >= this.concurrency) {
      this.waiting.add(onFree);
      return false;
    }
    this.busy++;
    return true;
  }

  releaseSlot(): void {
    this.busy--;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const wake of waiting) wake();
  }
}

/** Which bucket a partition key falls in (FNV-1a): the same on every node. */
export function bucketOf(partitionKey: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < partitionKey.length; i++) {
    hash ^= partitionKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}
