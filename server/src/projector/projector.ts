import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import { LOG_START, type LogCheckpoint } from '../eventstore/types';
import { reached, readCheckpoint } from './checkpoints';
import type { ProcessManager } from '../process/process-manager';
import { DEFAULT_PARTITION_CONCURRENCY, ProcessManagerRunner } from '../process/process-manager-runner';
import { BucketShare } from '../process/bucket-share';
import type { NodePresence } from '../process/node-presence';
import type { Projection } from './projection';
import { emptyBatch, runProjectionBatch, type BatchResult, type Isolation } from './projection-runner';
import { EventApplyError, FailureCounter, isTransientDatabaseError } from './parking';
import { SessionLease, LEASE_NAMESPACE } from '../process/session-lease';
import { CheckpointWatch } from './checkpoint-watch';
import { ProjectionLease, projectionLeaseName } from './projection-lease';
import { runJointBatch } from './joint-batch';
import type { RecentRows } from './recent-rows';

/** Whether a wake-up announcing commits of `eventTypes` (undefined: unknown, any) sets the follower going. */
export function wakes(follower: Pick<LogFollower, 'eventTypes' | 'wakeTypes'>, eventTypes: readonly string[] | undefined): boolean {
  const wanted = follower.wakeTypes ?? follower.eventTypes;
  return !eventTypes || wanted === 'all' || eventTypes.some((type) => wanted.includes(type));
}

/** Anything that follows the log from a checkpoint of its own, one batch at a time. */
export interface LogFollower {
  name: string;
  /** The event types it acts on; a wake-up announcing none of them leaves it be until the next poll. */
  eventTypes: readonly string[] | 'all';
  /** The types whose wake-up sets it going at once (default: `eventTypes`). */
  wakeTypes?: readonly string[];
  runBatch(batchSize: number): Promise<BatchResult>;
  /** Finishes work it runs beside its batches. */
  stop?(): Promise<void>;
}

export interface ProjectorOptions {
  db: Knex;
  store: EventStore;
  projections: readonly Projection[];
  /** Process managers follow the log the same way, with checkpoints of their own. */
  processManagers?: readonly ProcessManager[];
  logger: Logger;
  batchSize?: number;
  /** Backstop poll for notifications that never arrived; 0 turns it off. */
  pollMs?: number;
  /** Partitions each process manager handles at once. */
  processConcurrency?: number;
  /** Failures in a row on one event after which a projection parks it and moves on (default 3). */
  parkAfterFailures?: number;
  /** The same for process managers, whose handlers call the outside world and retry with backoff (default 10). */
  processParkAfterFailures?: number;
  /** How long a process manager's failed handler waits before its first retry (default 1 s; doubles). */
  processRetryMs?: number;
  /** Buckets each process manager's partitions are spread over, for several nodes to share (default 1). */
  processBuckets?: number;
  /** This node among the live ones: each takes its fair share of the buckets. */
  presence?: NodePresence;
  /** How long a mutation's answer waits for a read model (default 5 s); see `readAfterWriteTimeoutMs`. */
  readAfterWriteTimeoutMs?: number;
  /** Where the rows this node's batches leave in their tables are kept once they commit (see `RecentRows`); nowhere when absent. */
  recentRows?: RecentRows;
  /**
   * Where the projections run: `local` (default), every batch here, taking turns with any other
   * process on the projection's advisory lock; `leased`, here only while this node holds the
   * projection's lease (needs `presence`), each node taking its fair share; `elsewhere`, never
   * here (an API-only node): it only reads where they stand.
   */
  projectionPlacement?: ProjectionPlacement;
  /**
   * Whether the projections this node runs go through their batches together, in one transaction
   * with one claim and one checkpoint move (see `runJointBatch`), rather than one transaction each
   * (default true).
   */
  jointBatches?: boolean;
  /**
   * Projections (by name) that go through joint batches of their own, beside the one of all the
   * others: e.g. the read models mutations answer from, so their batches do not wait on the rest.
   */
  jointGroups?: readonly (readonly string[])[];
  /**
   * With `jointGroups`: the joint batches of all the other projections start on a wake-up at most
   * this often (ms; default 0, at once), so each takes the events of that while: one claim, one
   * write per table and one checkpoint move for many commits instead of a few. A request waiting
   * on one of them (a mutation's read-your-writes) starts a batch at once all the same.
   */
  restPaceMs?: number;
}

export type ProjectionPlacement = 'local' | 'leased' | 'elsewhere';

/** Batches while a projection looks for the event at fault are small: they apply event by event. */
const ISOLATED_BATCH_SIZE = 50;

const HELD_BACK_RETRY_MS = 20;
const FAILED_BATCH_RETRY_MS = 1000;
const STORED_CHECKPOINT_POLL_MS = 250;
/** How often a request waiting on a projection another node runs re-reads where it stands (besides its change NOTIFYs). */
const WATCHED_CHECKPOINT_POLL_MS = 10;

/** After a joint batch failed, its projections run one by one this long (finding and parking the event at fault) before joining again. */
const JOINT_SUSPEND_MS = 5_000;
const JOINT_FOLLOWER = 'projections (joint)';

/** How long a mutation waits for a read model to show its change before answering without it. */
export const DEFAULT_READ_AFTER_WRITE_TIMEOUT_MS = 5_000;

export class ProjectionTimeoutError extends Error {
  constructor(
    readonly projection: string,
    readonly target: LogCheckpoint,
  ) {
    super(`projection ${projection} did not catch up in time`);
    this.name = 'ProjectionTimeoutError';
  }
}

/**
 * Keeps every projection caught up with the log. It is woken by `wake()` (from LISTEN/NOTIFY),
 * by its poll timer, and catches up fully at start. Each projection runs one batch at a time;
 * a wake-up during a run makes it go round again instead of being lost. The projections this node
 * runs go through their batches together (`runJointBatch`): one claim, one checkpoint move and one
 * commit for all of them (or for each lane of them, `jointGroups`), where a batch each cost a
 * transaction each.
 */
export class Projector {
  private readonly progress = new EventEmitter();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  /** Followers a request waits on: their next run starts at once, whatever their pace. */
  private readonly awaited = new Set<string>();
  /** The paced follower (see `restPaceMs`), when there is one, and when its last run started. */
  private paced: { follower: LogFollower; lastStart: number; timer?: NodeJS.Timeout } | undefined;
  /** The checkpoint each follower reached in this process, as of its last batch. */
  private readonly latest = new Map<string, LogCheckpoint>();
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Projections whose last batch failed: they apply event by event until a batch gets through. */
  private readonly isolating = new Set<string>();
  private readonly isolation: Isolation;

  private readonly followers: LogFollower[];
  /** The leases of the projections, when they are shared out among the nodes. */
  private readonly leases = new Map<string, ProjectionLease>();
  private readonly watch: CheckpointWatch;
  /** The joint batches' followers, by the projections they hold, when projections run here together; see `catchUp`. */
  private readonly jointOf = new Map<string, LogFollower>();
  private jointSuspendedUntil = 0;

  constructor(private readonly options: ProjectorOptions) {
    this.progress.setMaxListeners(0);
    this.isolation = { failures: new FailureCounter(), parkAfter: Math.max(1, options.parkAfterFailures ?? 3) };
    this.followers = [...this.projectionFollowers(), ...(options.processManagers ?? []).flatMap((manager) => this.processRunners(manager))];
    const together = (options.jointBatches ?? true) && (options.projectionPlacement ?? 'local') !== 'elsewhere' && options.projections.length > 1;
    if (together) {
      const lanes = (options.jointGroups ?? []).map((names) => options.projections.filter((p) => names.includes(p.name)));
      const rest = options.projections.filter((p) => !lanes.some((lane) => lane.includes(p)));
      for (const [k, members] of [...lanes, rest].filter((lane) => lane.length > 0).entries()) {
        const follower: LogFollower = { name: `${JOINT_FOLLOWER} ${k + 1}`, eventTypes: 'all', runBatch: (size) => this.runJoint(members, size) };
        for (const projection of members) this.jointOf.set(projection.name, follower);
        if (members === rest && lanes.length > 0 && (options.restPaceMs ?? 0) > 0) this.paced = { follower, lastStart: 0 };
      }
    }
    this.watch = new CheckpointWatch(options.db, options.projections.map((p) => p.name), WATCHED_CHECKPOINT_POLL_MS, (name, checkpoint) => this.learned(name, checkpoint));
  }

  private projectionFollowers(): LogFollower[] {
    const { db, store, projections, presence } = this.options;
    const placement = this.options.projectionPlacement ?? 'local';
    if (placement === 'leased' && !presence) throw new Error('leased projections need the node presence');
    const share = placement === 'leased' ? new BucketShare(projections.length, 1, presence) : undefined;
    return projections.map((p) => {
      const batch = (size: number) =>
        this.isolating.has(p.name)
          ? runProjectionBatch(db, store, p, Math.min(size, ISOLATED_BATCH_SIZE), this.isolation, this.options.recentRows)
          : runProjectionBatch(db, store, p, size, undefined, this.options.recentRows);
      const known = () => this.latest.get(p.name) ?? LOG_START;
      if (placement === 'elsewhere') return { name: p.name, eventTypes: p.eventTypes, runBatch: async () => emptyBatch(known()) };
      if (!share) return { name: p.name, eventTypes: p.eventTypes, runBatch: batch };
      const lease = new ProjectionLease({
        lease: new SessionLease(db, projectionLeaseName(p.name), () => share.giveBack(), LEASE_NAMESPACE, presence!.leases),
        share,
        retryMs: this.options.pollMs || 1000,
        known,
      });
      this.leases.set(p.name, lease);
      return { name: p.name, eventTypes: p.eventTypes, runBatch: (size: number) => lease.run(() => batch(size)) };
    });
  }

  /** Whether this node runs the projection's batches now. */
  private runsHere(name: string): boolean {
    if (!this.isProjection(name)) return true;
    const placement = this.options.projectionPlacement ?? 'local';
    return placement === 'local' || (this.leases.get(name)?.held ?? false);
  }

  /** Records a checkpoint some batch (here or on another node) reached, and tells the waiters. */
  private learned(name: string, checkpoint: LogCheckpoint): void {
    const known = this.latest.get(name);
    if (known && !reached(checkpoint, known)) return;
    this.latest.set(name, checkpoint);
    this.progress.emit(name, checkpoint);
  }

  /** A projection committed a batch somewhere (its change NOTIFY came): requests waiting on one another node runs look again. */
  checkpointsMayHaveMoved(): void {
    this.watch.nudge();
  }

  /** The projections this node runs now (all of them unless they are leased). */
  heldProjections(): { held: number; names: string[] } {
    const names = this.options.projections.filter((p) => this.runsHere(p.name)).map((p) => p.name);
    return { held: names.length, names };
  }

  /**
   * One runner per bucket of the manager's partitions (one runner when it has one bucket): each
   * takes the lease of its bucket where the node's fair share allows, so the buckets spread over
   * the live nodes.
   */
  private processRunners(manager: ProcessManager): ProcessManagerRunner[] {
    const { db, store, logger } = this.options;
    const buckets = Math.max(1, this.options.processBuckets ?? 1);
    const concurrency = Math.max(1, this.options.processConcurrency ?? DEFAULT_PARTITION_CONCURRENCY);
    const share = buckets > 1 ? new BucketShare(buckets, concurrency, this.options.presence) : undefined;
    return Array.from({ length: buckets }, (_, index) => {
      const runner: ProcessManagerRunner = new ProcessManagerRunner({
        db,
        store,
        manager,
        logger,
        concurrency,
        parkAfterFailures: this.options.processParkAfterFailures,
        retryMs: this.options.processRetryMs,
        bucket: share && { index, share },
        leases: this.options.presence?.leases,
        wake: () => this.stopped || void this.catchUp(runner),
      });
      return runner;
    });
  }

  /** How long a mutation's answer waits for its read model before it answers ACCEPTED instead. */
  get readAfterWriteTimeoutMs(): number {
    return this.options.readAfterWriteTimeoutMs ?? DEFAULT_READ_AFTER_WRITE_TIMEOUT_MS;
  }

  get projections(): readonly Projection[] {
    return this.options.projections;
  }

  get processManagers(): readonly ProcessManager[] {
    return this.options.processManagers ?? [];
  }

  /** How many of each process manager's buckets this node holds the lease of now. */
  heldBuckets(): { manager: string; held: number; buckets: number }[] {
    return this.processManagers.map((manager) => {
      const runners = this.followers.filter((f): f is ProcessManagerRunner => f instanceof ProcessManagerRunner && f.managerName === manager.name);
      return { manager: manager.name, held: runners.filter((r) => r.holdsLease).length, buckets: runners.length };
    });
  }

  /** Every follower of the log this projector runs: read-model projections and process managers. */
  get followerNames(): { name: string; kind: 'projection' | 'process' }[] {
    return this.followers.map((f) => ({ name: f.name, kind: this.isProjection(f.name) ? 'projection' : 'process' }));
  }

  async start(): Promise<void> {
    this.stopped = false;
    // Read models first, so process managers start against current projections.
    await Promise.all(this.followers.filter((f) => this.isProjection(f.name)).map((f) => this.catchUp(f)));
    for (const follower of this.followers) if (!this.isProjection(follower.name)) void this.catchUp(follower);
    const pollMs = this.options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.pollTimer = setInterval(() => this.wake(), pollMs);
      this.pollTimer.unref();
    }
  }

  private isProjection(name: string): boolean {
    return this.options.projections.some((p) => p.name === name);
  }

  /**
   * Sets followers catching up. Given the types of the events just committed, only the followers
   * acting on one of them run now: a dozen read models would otherwise each open a transaction
   * for every commit. The others pass those events at their next wake-up or poll.
   */
  wake(eventTypes?: readonly string[]): void {
    if (this.stopped) return;
    for (const follower of this.followers) if (wakes(follower, eventTypes)) void this.catchUp(follower);
  }

  /**
   * Runs batches until the follower has nothing left; concurrent calls share one run. A projection
   * goes through its lane's joint batches (its lane's projections at once) unless `alone`, it is
   * isolating a failure, or a joint batch failed a moment ago.
   */
  private catchUp(follower: LogFollower, alone = false, awaited = false): Promise<void> {
    const joint = this.jointOf.get(follower.name);
    if (!alone && joint && this.joins(follower.name)) follower = joint;
    if (awaited) this.awaited.add(follower.name);
    const current = this.running.get(follower.name);
    if (current) {
      this.dirty.add(follower.name);
      return current;
    }
    if (this.waitsForPace(follower, alone)) return Promise.resolve();
    this.awaited.delete(follower.name);
    const run = this.drain(follower).finally(() => {
      this.running.delete(follower.name);
      if (this.dirty.delete(follower.name) && !this.stopped) void this.catchUp(follower, alone);
    });
    this.running.set(follower.name, run);
    return run;
  }

  /**
   * Whether the paced follower's run waits for its pace (see `restPaceMs`): a timer then starts it
   * once the pace has passed since its last start. Otherwise its start is noted now.
   */
  private waitsForPace(follower: LogFollower, alone: boolean): boolean {
    const paced = this.paced;
    if (!paced || paced.follower !== follower) return false;
    const wait = paced.lastStart + this.options.restPaceMs! - Date.now();
    if (wait > 0 && !this.awaited.has(follower.name)) {
      paced.timer ??= setTimeout(() => {
        paced.timer = undefined;
        if (!this.stopped) void this.catchUp(follower, alone);
      }, wait).unref();
      return true;
    }
    clearTimeout(paced.timer);
    paced.timer = undefined;
    paced.lastStart = Date.now();
    return false;
  }

  private async drain(follower: LogFollower): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    try {
      for (;;) {
        const result = await follower.runBatch(batchSize);
        this.isolating.delete(follower.name);
        if (result.parked) this.options.logger.error({ follower: follower.name, parked: result.parked }, 'events parked: see the projections query');
        // Even an empty batch tells where the stored checkpoint stands (another process may have moved it).
        if (result.members) for (const [name, checkpoint] of result.members) this.learned(name, checkpoint);
        else this.learned(follower.name, result.checkpoint);
        if (result.heldBack && !this.stopped) {
          // A transaction elsewhere holds the horizon back; it sends no NOTIFY when it ends.
          setTimeout(() => this.stopped || void this.catchUp(follower), HELD_BACK_RETRY_MS).unref();
          return;
        }
        if (result.read < batchSize || this.stopped) return;
      }
    } catch (error) {
      // The batch rolled back (or stopped at the failing event); it is retried from the checkpoint.
      if (!this.stopped) setTimeout(() => this.stopped || void this.catchUp(follower), this.retryDelay(follower.name, error)).unref();
    }
  }

  private joins(projection: string): boolean {
    return Date.now() >= this.jointSuspendedUntil && !this.isolating.has(projection);
  }

  /** The projections of a group that join its next joint batch: those that run here now (leases) and isolate no failure. */
  private async jointMembers(group: readonly Projection[]): Promise<Projection[]> {
    const candidates = group.filter((p) => this.joins(p.name));
    const leases = candidates.map((p) => this.leases.get(p.name));
    const here = await Promise.all(leases.map((lease) => lease?.runsNow() ?? true));
    return candidates.filter((_, i) => here[i]);
  }

  /**
   * One joint batch of a lane of this node's projections. A member whose lock was busy runs on its own. When
   * the batch fails other than from an outage, the members run one by one for a while, each
   * retried, isolated and parked as any projection's failure is, so the fault shows where it lies.
   */
  private async runJoint(group: readonly Projection[], batchSize: number): Promise<BatchResult> {
    const { db, store, logger } = this.options;
    const nothing: BatchResult = { ...emptyBatch(LOG_START), members: new Map() };
    const members = await this.jointMembers(group);
    if (members.length === 0) return nothing;
    let outcomes: Awaited<ReturnType<typeof runJointBatch>>;
    try {
      outcomes = await runJointBatch(db, store, members, batchSize, this.options.recentRows);
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
      logger.warn({ err: error, projections: members.map((p) => p.name) }, 'joint projection batch failed: its projections run one by one for now');
      this.jointSuspendedUntil = Date.now() + JOINT_SUSPEND_MS;
      for (const projection of members) void this.catchUp(this.followerNamed(projection.name), true);
      return nothing;
    }
    const reachedBy = new Map<string, LogCheckpoint>();
    const result = { applied: 0, read: 0, heldBack: false, checkpoint: LOG_START, members: reachedBy };
    outcomes.forEach((outcome, i) => {
      const name = members[i]!.name;
      if (outcome === 'busy') return void this.catchUp(this.followerNamed(name), true);
      reachedBy.set(name, outcome.checkpoint);
      result.applied += outcome.applied;
      result.read = Math.max(result.read, outcome.read);
      result.heldBack ||= outcome.heldBack;
    });
    return result;
  }

  private followerNamed(name: string): LogFollower {
    return this.followers.find((f) => f.name === name)!;
  }

  /**
   * A projection's first failure is retried at once, event by event, to find the event at fault;
   * that event is retried with a short backoff until it is parked. Outages and process-manager
   * failures wait the full retry interval.
   */
  private retryDelay(name: string, error: unknown): number {
    if (error instanceof EventApplyError) {
      this.options.logger.warn({ err: error.cause, follower: name, position: error.event.position, type: error.event.type, attempts: error.attempts }, 'event failed to apply');
      return Math.min(FAILED_BATCH_RETRY_MS, 100 * 2 ** (error.attempts - 1));
    }
    this.options.logger.error({ err: error, follower: name }, 'batch failed');
    if (this.isProjection(name) && !isTransientDatabaseError(error) && !this.isolating.has(name)) {
      this.isolating.add(name);
      return 0;
    }
    return FAILED_BATCH_RETRY_MS;
  }

  /**
   * Resolves once the projection has applied everything up to `target` (read-your-writes for
   * mutations that answer from read tables). Works whichever process runs the projection.
   */
  async waitFor(name: string, target: LogCheckpoint, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const follower = this.followers.find((f) => f.name === name);
    if (!follower) throw new Error(`unknown projection ${name}`);
    // Progress is known in memory: every batch this process runs reports the stored checkpoint,
    // whoever moved it, so a wait sets a batch going instead of reading the checkpoint itself. The
    // stored checkpoint is read only now and then, so hundreds of waiting requests do not crowd the
    // connection pool the projector itself needs.
    const done = () => {
      const known = this.latest.get(name);
      return known !== undefined && reached(known, target);
    };
    if (done()) return;
    void this.catchUp(follower, false, true);
    // Run by another node: its progress is read here, shared by every request waiting.
    const unwatch = this.runsHere(name) ? undefined : this.watch.watch();
    try {
      await this.untilReached(name, target, deadline, done);
    } finally {
      unwatch?.();
    }
  }

  private async untilReached(name: string, target: LogCheckpoint, deadline: number, done: () => boolean): Promise<void> {
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ProjectionTimeoutError(name, target);
      const progressed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => finish(false), Math.min(remaining, STORED_CHECKPOINT_POLL_MS));
        const onProgress = () => done() && finish(true);
        const progress = this.progress;
        function finish(value: boolean) {
          clearTimeout(timer);
          progress.off(name, onProgress);
          resolve(value);
        }
        progress.on(name, onProgress);
      });
      if (progressed || done() || reached(await readCheckpoint(this.options.db, name), target)) return;
    }
  }

  /** Resolves once every projection has applied everything committed so far (not the process managers). */
  async caughtUpWithLog(timeoutMs?: number): Promise<void> {
    const head = await this.options.store.head();
    if (head) await Promise.all(this.options.projections.map((p) => this.waitFor(p.name, head, timeoutMs)));
  }

  async stop(): Promise<void> {
    // What the pace put off is applied before the node stops, as it would have been without the pace.
    const paced = this.paced;
    const putOff = paced !== undefined && (paced.timer !== undefined || this.dirty.has(paced.follower.name));
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(paced?.timer);
    if (putOff) {
      await this.running.get(paced.follower.name);
      await this.drain(paced.follower);
    }
    // Followers stop at once (no new work, no lease taken over) while the batches under way finish.
    await Promise.all([...this.running.values(), ...this.followers.map((f) => f.stop?.())]);
  }
}
