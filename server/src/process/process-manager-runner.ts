import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import { LOG_START, type LogCheckpoint, type RecordedEvent } from '../eventstore/types';
import { advanceCheckpoint, reached, readCheckpoint } from '../projector/checkpoints';
import { isTransientDatabaseError, parkEvent } from '../projector/parking';
import { emptyBatch, type BatchResult } from '../projector/projection-runner';
import type { ProcessManager } from './process-manager';
import { LEASE_NAMESPACE, SessionLease } from './session-lease';
import { bucketOf, type BucketShare } from './bucket-share';
import type { LeaseSession } from './lease-session';

export const DEFAULT_PARTITION_CONCURRENCY = 4;

/**
 * How long a checkpoint move waits for the events handled meanwhile, so one write passes them all.
 * Without it, a busy manager wrote its checkpoint after nearly every checkout (1.0 statement and
 * WAL flush a checkout in the checkout loop). A crash re-delivers at most this much more, which
 * the handlers take as they take any re-delivery; stopping or handing a bucket over writes at once.
 */
export const DEFAULT_CHECKPOINT_DELAY_MS = 50;

/** Half the pool: each partition holds at most one connection at a time, and requests and projections need the rest. */
export const defaultProcessConcurrency = (poolMax: number): number => Math.max(DEFAULT_PARTITION_CONCURRENCY, Math.floor(poolMax / 2));

export interface ProcessManagerRunnerOptions {
  db: Knex;
  store: EventStore;
  manager: ProcessManager;
  logger: Logger;
  /** How many partitions are handled at once (each holds a pooled connection at a time while it works). */
  concurrency?: number;
  /** How long a partition whose handler failed waits before it is tried again; doubles with each failure, up to 30 times this. */
  retryMs?: number;
  /**
   * Failures in a row on one event after which it is parked (recorded for operators) and passed,
   * so the partition goes on (default 10: with the backoff, minutes of an outside outage). Failures
   * of the database itself never count.
   */
  parkAfterFailures?: number;
  /** Asks the owner to call `runBatch` again: work finished after a read was put off for having enough in hand. */
  wake?: () => void;
  /**
   * Runs one bucket of the manager's partitions (those whose key hashes to `index`), with a lease
   * and checkpoint of its own, so the buckets spread over the nodes; `share` says how many this
   * node may hold and caps the partitions its runners handle at once (instead of `concurrency`).
   */
  bucket?: { index: number; share: BucketShare };
  /** The node's shared lease session (one connection for all its leases); a session of its own otherwise. */
  leases?: LeaseSession;
  /** See DEFAULT_CHECKPOINT_DELAY_MS; 0 writes each move at once. */
  checkpointDelayMs?: number;
}

/** The follower name (lease and checkpoint) of one bucket of a manager; the manager's own name when it has one bucket. */
export const bucketFollowerName = (manager: string, index: number, buckets: number) => (buckets > 1 ? `${manager}#${index}` : manager);

/** One event read and not yet passed by the checkpoint (`event` absent: one of a type the manager ignores). */
interface Entry {
  at: LogCheckpoint;
  event?: RecordedEvent;
  done: boolean;
  /** Its handler was called already (and failed). */
  tried?: boolean;
  /** Failures of its handler that count towards parking it. */
  failures?: number;
}

/** An entry its partition handles. */
type Handled = Entry & { event: RecordedEvent };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Feeds a process manager from the log, streaming: every read hands new events to their
 * partitions (a checkout, say) at once, while the partitions already under way go on. A partition
 * handles its events one at a time in log order; up to `concurrency` partitions run together; a
 * manager without `partitionOf` is one partition. So a new checkout never waits for a slow one.
 *
 * The checkpoint passes an event only once it and every event before it were handled, and moves
 * by compare-and-set: a crash re-delivers at most what was read and not yet passed (handlers are
 * idempotent; see ProcessManager). A handler that fails is retried with a growing wait, holding
 * back the checkpoint but not the other partitions, and parked after `parkAfterFailures` failures.
 *
 * A session lease (advisory lock), not a transaction, keeps other processes off this manager: no
 * transaction stays open across the handlers' gateway calls. A process that cannot take the lease
 * reads nothing; it takes over within a poll once the holder stops or dies.
 */
export class ProcessManagerRunner {
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly wakeTypes: readonly string[] | undefined;
  private readonly lease: SessionLease;
  /** Where reading goes on from; undefined while this process does not hold the lease. */
  private cursor: LogCheckpoint | undefined;
  /**
   * The log's head when this runner took the lease: no earlier holder can have read an event past
   * it, so those are first deliveries (see `Delivery`). Undefined while the lease is not held.
   */
  private firstAfter: LogCheckpoint | undefined;
  private committed: LogCheckpoint = LOG_START;
  private readonly unpassed: Entry[] = [];
  private readonly queues = new Map<string, Handled[]>();
  private readonly working = new Map<string, Promise<void>>();
  private saving: Promise<void> | undefined;
  /** Ends the wait of a checkpoint move for events handled meanwhile (see `gather`). */
  private saveNow: (() => void) | undefined;
  /** The last event the checkpoint may pass: it and everything before it were handled. */
  private passedUpTo: LogCheckpoint | undefined;
  /** Bumped when the lease is lost: work of an earlier generation no longer moves anything. */
  private generation = 0;
  private stopped = false;
  /** Handing this bucket over to another node: no new work starts. */
  private handingOver = false;
  /** A read was put off for having enough in hand: finishing work asks for it. */
  private readPutOff = false;

  constructor(private readonly options: ProcessManagerRunnerOptions) {
    const { bucket } = options;
    this.name = bucket ? bucketFollowerName(options.manager.name, bucket.index, bucket.share.buckets) : options.manager.name;
    this.eventTypes = options.manager.eventTypes;
    this.wakeTypes = options.manager.wakeTypes;
    this.lease = new SessionLease(options.db, `process:${this.name}`, () => {
      options.logger.warn({ follower: this.name }, 'lost the lease of a process manager; another process may take over');
      bucket?.share.giveBack();
      this.reset();
    }, LEASE_NAMESPACE, options.leases);
  }

  get managerName(): string {
    return this.options.manager.name;
  }

  /** Whether this runner holds its lease (for metrics and tests). */
  get holdsLease(): boolean {
    return this.lease.held;
  }

  /** Reads the next events and hands them to their partitions; does not wait for their handling. */
  async runBatch(batchSize: number): Promise<BatchResult> {
    const idle = (heldBack = false): BatchResult => emptyBatch(this.committed, heldBack);
    if (this.stopped || this.handingOver) return idle();
    const share = this.options.bucket?.share;
    if (!this.cursor) {
      // Reserve the share only once the lease is won: reserving first, the runners of buckets
      // another node holds would fill the share on every poll and starve the free ones.
      if ((share && !share.hasRoom()) || !(await this.lease.acquire())) return idle();
      if (share && !share.take()) {
        await this.lease.release();
        return idle();
      }
      // Stopped while it waited for the lease: a stopping process must not take work over.
      if (this.stopped) {
        await this.releaseLease();
        return idle();
      }
      this.committed = this.cursor = await this.startingPoint();
      // Read after the lease is held: whatever an earlier holder handled was committed before.
      this.firstAfter = (await this.options.store.head()) ?? LOG_START;
    } else if (share?.shedOne()) {
      await this.handOver();
      return idle();
    }
    // Enough in hand: finishing work wakes this up again. Only then: a read after every finished
    // partition would cost a statement per checkout, to find nothing new most of the time.
    if (this.unpassed.length >= batchSize * 4) {
      this.readPutOff = true;
      return idle();
    }
    const after = this.cursor;
    const { manager } = this.options;
    // Payloads only of the manager's types: the others are passed by their place in the log.
    const read = await this.options.store.followLog({ after, limit: batchSize, payloadTypes: manager.eventTypes });
    if (this.cursor !== after) return idle();
    if (read.length === 0) return idle(await this.options.store.hasHeldBackEvents(after));
    let applied = 0;
    const bucket = this.options.bucket;
    for (const { at, event } of read) {
      const key = event ? (manager.partitionOf ? manager.partitionOf(event) : '') : undefined;
      if (!event || key === undefined || (bucket && bucketOf(key, bucket.share.buckets) !== bucket.index)) {
        this.unpassed.push({ at, done: true });
        continue;
      }
      const entry: Handled = { at, event, done: false };
      this.unpassed.push(entry);
      applied++;
      const queue = this.queues.get(key);
      if (queue) queue.push(entry);
      else this.queues.set(key, [entry]);
    }
    this.cursor = read.at(-1)!.at;
    this.startPartitions();
    this.passHandled();
    return { applied, read: read.length, heldBack: false, checkpoint: this.committed };
  }

  /** Finishes the events being handled, records how far it got, and gives up the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finishInHand();
    await this.releaseLease();
  }

  /**
   * Gives this bucket to another node (this one holds more than its share): the partitions under
   * way finish and are recorded, the rest is left for the next holder to read, so nothing is
   * handled twice across the hand-over.
   */
  private async handOver(): Promise<void> {
    this.handingOver = true;
    try {
      await this.finishInHand();
      this.reset();
      await this.lease.release();
      this.options.logger.info({ follower: this.name }, 'handed a process-manager bucket over to another node');
    } finally {
      this.handingOver = false;
    }
  }

  private async finishInHand(): Promise<void> {
    await Promise.all(this.working.values());
    this.saveNow?.();
    await this.saving;
    this.passHandled();
    await this.saving;
  }

  private async releaseLease(): Promise<void> {
    if (!this.lease.held) return;
    await this.lease.release();
    this.options.bucket?.share.giveBack();
  }

  /**
   * The stored checkpoint; for a bucket that has none yet, the manager's checkpoint from before it
   * had buckets (or the start of the log): never a point past one of the bucket's events.
   */
  private async startingPoint(): Promise<LogCheckpoint> {
    const own = await readCheckpoint(this.options.db, this.name);
    if (own || !this.options.bucket) return own ?? LOG_START;
    return (await readCheckpoint(this.options.db, this.options.manager.name)) ?? LOG_START;
  }

  private startPartitions(): void {
    const share = this.options.bucket?.share;
    const concurrency = Math.max(1, this.options.concurrency ?? DEFAULT_PARTITION_CONCURRENCY);
    for (const key of this.queues.keys()) {
      if (this.stopped || this.handingOver) return;
      if (this.working.has(key)) continue;
      if (share ? !share.acquireSlot(() => this.stopped || this.startPartitions()) : this.working.size >= concurrency) return;
      const work = this.work(key, this.generation).finally(() => {
        this.working.delete(key);
        share?.releaseSlot();
        if (!this.stopped) {
          this.startPartitions();
          if (this.readPutOff) {
            this.readPutOff = false;
            this.options.wake?.();
          }
        }
      });
      this.working.set(key, work);
    }
  }

  private async work(key: string, generation: number): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0 && !this.stopped && !this.handingOver && generation === this.generation) {
      const entry = queue[0]!;
      const first = !entry.tried && this.firstAfter !== undefined && !reached(this.firstAfter, entry.at);
      entry.tried = true;
      try {
        await this.options.manager.handle(entry.event, { first });
      } catch (error) {
        if (!(await this.parkAfterRepeatedFailure(entry, error, generation))) continue;
      }
      queue.shift();
      entry.done = true;
      this.passHandled();
    }
    if (queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key);
  }

  /** After a handler failed: waits before the retry and returns false, or parks the event and returns true. */
  private async parkAfterRepeatedFailure(entry: Handled, error: unknown, generation: number): Promise<boolean> {
    const { event } = entry;
    const retryMs = this.options.retryMs ?? 1000;
    if (!isTransientDatabaseError(error)) entry.failures = (entry.failures ?? 0) + 1;
    const failures = entry.failures ?? 0;
    if (failures >= Math.max(1, this.options.parkAfterFailures ?? 10) && generation === this.generation) {
      try {
        await parkEvent(this.options.db, this.name, event, error, failures);
        this.options.logger.error({ err: error, follower: this.name, position: event.position, type: event.type, failures }, 'process manager parked an event: see the projections query');
        return true;
      } catch (parkError) {
        this.options.logger.error({ err: parkError, follower: this.name, position: event.position }, 'could not park an event; retrying it');
      }
    } else {
      this.options.logger.error({ err: error, follower: this.name, position: event.position, failures }, 'process manager failed on an event; retrying');
    }
    await sleep(Math.min(retryMs * 30, retryMs * 2 ** Math.max(0, failures - 1)));
    return false;
  }

  /** Moves the checkpoint past the handled events at the head of the log order, one save at a time. */
  private passHandled(): void {
    while (this.unpassed[0]?.done) this.passedUpTo = this.unpassed.shift()!.at;
    if (this.saving || !this.passedUpTo || samePoint(this.passedUpTo, this.committed)) return;
    this.saving = this.save(this.generation).finally(() => {
      this.saving = undefined;
      this.passHandled();
    });
  }

  /** Writes `passedUpTo` until it stands still (events handled while a write runs are passed by the next). */
  private async save(generation: number): Promise<void> {
    await this.gather();
    for (;;) {
      const to = this.passedUpTo;
      if (!to || generation !== this.generation || samePoint(to, this.committed)) return;
      try {
        await advanceCheckpoint(this.options.db, this.name, this.committed, to);
      } catch (error) {
        // Moved underneath (another process ran this manager meanwhile), or the database is away:
        // start over from the stored checkpoint; what was handled and not recorded is handed over again.
        this.options.logger.error({ err: error, follower: this.name }, 'could not move a process manager checkpoint');
        this.reset();
        return;
      }
      this.committed = to;
    }
  }

  /**
   * Waits up to `checkpointDelayMs` before a checkpoint write, so that it passes the events handled
   * meanwhile too; no wait once the runner stops or hands its bucket over.
   */
  private gather(): Promise<void> {
    const ms = this.options.checkpointDelayMs ?? DEFAULT_CHECKPOINT_DELAY_MS;
    if (ms <= 0 || this.stopped || this.handingOver) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.saveNow?.(), ms);
      this.saveNow = () => {
        clearTimeout(timer);
        this.saveNow = undefined;
        resolve();
      };
    });
  }

  /** Forgets what is in hand: the next batch re-takes the lease and reads from the stored checkpoint. */
  private reset(): void {
    this.generation++;
    this.cursor = undefined;
    this.firstAfter = undefined;
    this.passedUpTo = undefined;
    this.unpassed.length = 0;
    this.queues.clear();
  }
}

const samePoint = (a: LogCheckpoint, b: LogCheckpoint) => a.transactionId === b.transactionId && a.position === b.position;
