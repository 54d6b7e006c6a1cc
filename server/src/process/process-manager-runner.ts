import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import { advanceCheckpoint, lockCheckpoint } from '../projector/checkpoints';
import type { BatchResult } from '../projector/projection-runner';
import type { RecordedEvent } from '../eventstore/types';
import type { ProcessManager } from './process-manager';

/** How many partitions of one process manager are handled at once (each holds a pooled connection at a time). */
export const PARTITION_CONCURRENCY = 4;

/**
 * Hands one batch of events to a process manager. Its checkpoint lives beside the projections'
 * and the projection lock keeps a second process from handling the same events meanwhile.
 * Unpartitioned, the checkpoint moves after each handled event, so a crash re-delivers at most the
 * event in hand. Partitioned, partitions run concurrently and the checkpoint moves once the batch
 * is done, so a crash may re-deliver the batch: handlers are idempotent (see ProcessManager).
 */
export async function runProcessManagerBatch(db: Knex, store: EventStore, manager: ProcessManager, batchSize: number): Promise<BatchResult> {
  return db.transaction(async (trx) => {
    let from = await lockCheckpoint(trx, manager.name);
    const events = await store.readAll({ after: from, limit: batchSize, trx });
    if (events.length === 0) return { applied: 0, read: 0, heldBack: await store.hasHeldBackEvents(from, trx), checkpoint: from };
    if (manager.partitionOf) {
      const relevant = events.filter((event) => manager.eventTypes.includes(event.type));
      await handleByPartition(relevant, (event) => manager.partitionOf!(event), (event) => manager.handle(event));
      const last = events.at(-1)!;
      const to = { transactionId: last.transactionId, position: last.position };
      await db.transaction((step) => advanceCheckpoint(step, manager.name, from, to));
      return { applied: relevant.length, read: events.length, heldBack: false, checkpoint: to };
    }
    let applied = 0;
    for (const event of events) {
      if (manager.eventTypes.includes(event.type)) {
        await manager.handle(event);
        applied++;
      }
      const to = { transactionId: event.transactionId, position: event.position };
      // Committed at once through the pool, not with this (lock-holding) transaction.
      await db.transaction((step) => advanceCheckpoint(step, manager.name, from, to));
      from = to;
    }
    return { applied, read: events.length, heldBack: false, checkpoint: from };
  });
}

/** Runs each partition's events in order, up to PARTITION_CONCURRENCY partitions at a time; fails if any fails. */
async function handleByPartition(events: readonly RecordedEvent[], partitionOf: (event: RecordedEvent) => string, handle: (event: RecordedEvent) => Promise<void>) {
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
    Array.from({ length: Math.min(PARTITION_CONCURRENCY, queues.length) }, async () => {
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
