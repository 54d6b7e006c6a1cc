import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import { advanceCheckpoint, lockCheckpoint } from '../projector/checkpoints';
import type { BatchResult } from '../projector/projection-runner';
import type { ProcessManager } from './process-manager';

/**
 * Hands one batch of events to a process manager. Its checkpoint lives beside the projections'
 * and moves after each handled event, so a crash re-delivers at most the event in hand; the
 * projection lock keeps a second process from handling the same events meanwhile.
 */
export async function runProcessManagerBatch(db: Knex, store: EventStore, manager: ProcessManager, batchSize: number): Promise<BatchResult> {
  return db.transaction(async (trx) => {
    let from = await lockCheckpoint(trx, manager.name);
    const events = await store.readAll({ after: from, limit: batchSize, trx });
    if (events.length === 0) return { applied: 0, read: 0, heldBack: await store.hasHeldBackEvents(from, trx), checkpoint: from };
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
