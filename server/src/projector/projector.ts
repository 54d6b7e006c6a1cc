import { EventEmitter } from 'node:events';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { LogCheckpoint } from '../eventstore/types';
import { reached, readCheckpoint } from './checkpoints';
import type { Projection } from './projection';
import { runProjectionBatch } from './projection-runner';

export interface ProjectorOptions {
  db: Knex;
  store: EventStore;
  projections: readonly Projection[];
  logger: Logger;
  batchSize?: number;
  /** Backstop poll for notifications that never arrived; 0 turns it off. */
  pollMs?: number;
}

const HELD_BACK_RETRY_MS = 20;

export class ProjectionTimeoutError extends Error {
  constructor(name: string) {
    super(`projection ${name} did not catch up in time`);
  }
}

/**
 * Keeps every projection caught up with the log. It is woken by `wake()` (from LISTEN/NOTIFY),
 * by its poll timer, and catches up fully at start. Each projection runs one batch at a time;
 * a wake-up during a run makes it go round again instead of being lost.
 */
export class Projector {
  private readonly progress = new EventEmitter();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private pollTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ProjectorOptions) {
    this.progress.setMaxListeners(0);
  }

  get projections(): readonly Projection[] {
    return this.options.projections;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.options.projections.map((p) => this.catchUp(p)));
    const pollMs = this.options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.pollTimer = setInterval(() => this.wake(), pollMs);
      this.pollTimer.unref();
    }
  }

  wake(): void {
    if (this.stopped) return;
    for (const projection of this.options.projections) void this.catchUp(projection);
  }

  /** Runs batches until the projection has nothing left; concurrent calls share one run. */
  catchUp(projection: Projection): Promise<void> {
    const current = this.running.get(projection.name);
    if (current) {
      this.dirty.add(projection.name);
      return current;
    }
    const run = this.drain(projection).finally(() => {
      this.running.delete(projection.name);
      if (this.dirty.delete(projection.name) && !this.stopped) void this.catchUp(projection);
    });
    this.running.set(projection.name, run);
    return run;
  }

  private async drain(projection: Projection): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    try {
      for (;;) {
        const result = await runProjectionBatch(this.options.db, this.options.store, projection, batchSize);
        if (result.read > 0) this.progress.emit(projection.name, result.checkpoint);
        if (result.heldBack && !this.stopped) {
          // A transaction elsewhere holds the horizon back; it sends no NOTIFY when it ends.
          setTimeout(() => void this.catchUp(projection), HELD_BACK_RETRY_MS).unref();
          return;
        }
        if (result.read < batchSize || this.stopped) return;
      }
    } catch (error) {
      // The batch rolled back; the next wake-up or poll retries it from the same checkpoint.
      this.options.logger.error({ err: error, projection: projection.name }, 'projection batch failed');
    }
  }

  /**
   * Resolves once the projection has applied everything up to `target` (read-your-writes for
   * mutations that answer from read tables). Works whichever process runs the projection.
   */
  async waitFor(name: string, target: LogCheckpoint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const projection = this.options.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`unknown projection ${name}`);
    for (;;) {
      if (reached(await readCheckpoint(this.options.db, name), target)) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ProjectionTimeoutError(name);
      void this.catchUp(projection);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(remaining, 50));
        const onProgress = (checkpoint: LogCheckpoint) => reached(checkpoint, target) && done();
        function done() {
          clearTimeout(timer);
          progress.off(name, onProgress);
          resolve();
        }
        const progress = this.progress;
        progress.on(name, onProgress);
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    await Promise.all(this.running.values());
  }
}
