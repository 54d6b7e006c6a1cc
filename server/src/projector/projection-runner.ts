import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { LogCheckpoint } from '../eventstore/types';
import { changePayloads } from './changes';
import { advanceCheckpointAndNotify, claimBatch } from './checkpoints';
import { applyAll, handlesEvent, type Projection, type ReadModelChange } from './projection';

export interface BatchResult {
  applied: number;
  read: number;
  /** Nothing could be read yet although newer events are committed: try again shortly. */
  heldBack: boolean;
  checkpoint: LogCheckpoint;
}

/**
 * Applies one batch of events to one projection: read rows, checkpoint and change notifications
 * commit together. The checkpoint's advisory lock makes concurrent runners (other processes) take
 * turns. Besides the projection's own statements, a batch costs BEGIN, the claim, the checkpoint
 * move with its notifications, and COMMIT.
 */
export async function runProjectionBatch(db: Knex, store: EventStore, projection: Projection, batchSize: number): Promise<BatchResult> {
  return db.transaction(async (trx) => {
    // Unfiltered on purpose: the checkpoint must pass events this projection ignores too, so that
    // a caller waiting for "projected up to my append" is released whatever it appended.
    const { from, events } = await claimBatch(trx, projection.name, batchSize);
    if (events.length === 0) return { applied: 0, read: 0, heldBack: await store.hasHeldBackEvents(from, trx), checkpoint: from };
    const changes: ReadModelChange[] = [];
    const context = { trx, changed: (change: ReadModelChange) => changes.push(change) };
    const relevant = events.filter((event) => handlesEvent(projection, event.type));
    await applyAll(projection, relevant, context);
    const applied = relevant.length;
    const last = events[events.length - 1]!;
    const to = { transactionId: last.transactionId, position: last.position };
    await advanceCheckpointAndNotify(trx, projection.name, from, to, changePayloads(changes));
    return { applied, read: events.length, heldBack: false, checkpoint: to };
  });
}
