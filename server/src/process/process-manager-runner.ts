import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import { advanceCheckpoint, readCheckpoint } from '../projector/checkpoints';
import type { BatchResult } from '../projector/projection-runner';
import { LOG_START, type LogCheckpoint, type RecordedEvent } from '../eventstore/types';
import type { ProcessManager } from './process-manager';
import { withSessionLock } from './session-lock';

export interface ProcessManagerRunOptions {
  /** How many partitions are handled at once (each holds a pooled connection at a time while it works). */
  partitionConcurrency?: number;
}

export const DEFAULT_PARTITION_CONCURRENCY = 4;

/** Half the pool: each partition holds at most one connection at a time, and requests and projections need the rest. */
export const defaultProcessConcurrency = (poolMax: number): number => Math.max(DEFAULT_PARTITION_CONCURRENCY, Math.floor(poolMax / 2));

/**
 * Hands one batch of events to a process manager. A session advisory lock, not a transaction,
 * keeps a second runner (another process) off the same events meanwhile: handlers call gateways
 * and append through the pool, and a transaction held open across that would hold a connection
 * and a snapshot for the whole batch. The lock dies with its connection, so a dead node hands the
 * work over at once; a runner that finds it taken leaves the batch to its holder.
 * Unpartitioned, the checkpoint moves after each handled event, so a crash re-delivers at most the
 * event in hand. Partitioned, partitions run concurrently and the checkpoint moves once the batch
 * is done, so a crash may re-deliver the batch: handlers are idempotent (see ProcessManager).
 * Every checkpoint move is a compare-and-set, so no event is counted twice even if two runners overlapped.
 */
export async function runProcessManagerBatch(
  db: Knex,
  store: EventStore,
  manager: ProcessManager,
  batchSize: number,
  options: ProcessManagerRunOptions = {},
): Promise<BatchResult> {
  const outcome = await withSessionLock(db, `process:${manager.name}`, async () => {
    let from = (await readCheckpoint(db, manager.name)) ?? LOG_START;
    const events = await store.readAll({ after: from, limit: batchSize });
    if (events.length === 0) return { applied: 0, read: 0, heldBack: await store.hasHeldBackEvents(from), checkpoint: from };
    const advance = (to: LogCheckpoint) => db.transaction((trx) => advanceCheckpoint(trx, manager.name, from, to));
    if (manager.partitionOf) {
      const relevant = events.filter((event) => manager.eventTypes.includes(event.type));
      const concurrency = options.partitionConcurrency ?? DEFAULT_PARTITION_CONCURRENCY;
      await handleByPartition(relevant, concurrency, (event) => manager.partitionOf!(event), (event) => manager.handle(event));
      const last = events.at(-1)!;
      const to = { transactionId: last.transactionId, position: last.position };
      await advance(to);
      return { applied: relevant.length, read: events.length, heldBack: false, checkpoint: to };
    }
    let applied = 0;
    for (const event of events) {
      if (manager.eventTypes.includes(event.type)) {
        await manager.handle(event);
        applied++;
      }
      const to = { transactionId: event.transactionId, position: event.position };
      await advance(to);
      from = to;
    }
    return { applied, read: events.length, heldBack: false, checkpoint: from };
  });
  // Another runner holds it: that runner hands these events over; nothing read here.
  return outcome ?? { applied: 0, read: 0, heldBack: false, checkpoint: (await readCheckpoint(db, manager.name)) ?? LOG_START };
}

/** Runs each partition's events in order, up to `concurrency` partitions at a time; fails if any fails. */
async function handleByPartition(
  events: readonly RecordedEvent[],
  concurrency: number,
  partitionOf: (event: RecordedEvent) => string,
  handle: (event: RecordedEvent) => Promise<void>,
) {
  const partitions = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const key = partitionOf(event);
    const queue = partitions.get(key);
    if (queue) queue.push(event);
    else partitions.set(key, [event]);
  }
  const queues = [...partitions.values()];
  let next = 0;
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(Math.max(1, concurrency), queues.length) }, async () => {
      while (next < queues.length) {
        const queue = queues[next++]!;
        try {
          for (const event of queue) await handle(event);
        } catch (error) {
          failures.push(error);
        }
      }
    }),
  );
  if (failures.length > 0) throw failures[0];
}
