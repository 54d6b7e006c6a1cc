import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { LogCheckpoint, RecordedEvent } from '../eventstore/types';
import { uniqueChanges } from './changes';
import { withPinnedConnection } from '../db/pinned-connection';
import { advanceCheckpointNotifyAndCommit, beginAndClaimBatch, endEmptyClaim } from './checkpoints';
import { EventApplyError, isTransientDatabaseError, parkEvent, type FailureCounter } from './parking';
import { applyAll, eventTypeFilter, type Projection, type ProjectionContext, type ReadModelChange } from './projection';
import { KeptRows, trustedForBatch, typesWithRetries, type RecentRows } from './recent-rows';

export interface BatchResult {
  applied: number;
  read: number;
  /** Nothing could be read yet although newer events are committed: try again shortly. */
  heldBack: boolean;
  checkpoint: LogCheckpoint;
  /** Events passed without being applied (parked) in this batch. */
  parked?: number;
  /** A batch of several projections (a joint batch): where each of them stands after it, instead of `checkpoint`. */
  members?: ReadonlyMap<string, LogCheckpoint>;
}

/** A batch that read nothing: where the follower stands, and whether newer events are held back. */
export const emptyBatch = (checkpoint: LogCheckpoint, heldBack = false): BatchResult => ({ applied: 0, read: 0, heldBack, checkpoint });

/**
 * After a batch failed, the next ones apply event by event, each in a savepoint, to find the event
 * at fault: it is retried until it has failed `parkAfter` times in a row, then parked (recorded
 * with its error) and passed, so one bad event cannot stall a read model for every shop.
 */
export interface Isolation {
  failures: FailureCounter;
  parkAfter: number;
}

/**
 * Applies one batch of events to one projection: read rows, checkpoint and change notifications
 * commit together. The checkpoint's advisory lock makes concurrent runners (other processes) take
 * turns. Besides the projection's own statements, a batch costs two round trips: BEGIN with the
 * claim, and the checkpoint move with its notifications and COMMIT (on this kind of machine every
 * round trip is a costly wake-up of another process).
 */
export async function runProjectionBatch(
  db: Knex,
  store: EventStore,
  projection: Projection,
  batchSize: number,
  isolation?: Isolation,
  recent?: RecentRows,
): Promise<BatchResult> {
  return withPinnedConnection(db, async (trx, sql) => {
    // Every event after the checkpoint, so that it passes the ones this projection ignores too (a
    // caller waiting for "projected up to my append" is released whatever it appended); only
    // those of its types come with their payload.
    const types = eventTypeFilter(projection);
    const { from, to, read, events: stored } = await beginAndClaimBatch(sql, projection.name, batchSize, typesWithRetries(types, recent));
    if (!to) return emptyBatch(from, (await endEmptyClaim(sql, from)).heldBack);
    const opened = await store.open(stored, trx);
    const trusted = trustedForBatch(recent, projection.name, from, { read, events: opened }, batchSize);
    const relevant = types ? opened.filter((event) => types.includes(event.type)) : opened;
    const changes: ReadModelChange[] = [];
    const kept = new KeptRows();
    const context = { trx, changed: (change: ReadModelChange) => changes.push(change), ...kept.contextFor(projection.name, trusted) };
    const parked = isolation ? await applyIsolated(projection, relevant, context, changes, kept, isolation) : (await applyAll(projection, relevant, context), 0);
    const committing = advanceCheckpointNotifyAndCommit(sql, projection.name, from, to, uniqueChanges(changes));
    kept.offerTo(recent, committing);
    await committing;
    recent?.passed(projection.name, to);
    return { applied: relevant.length - parked, read, heldBack: false, checkpoint: to, parked };
  });
}

/** Applies event by event, each in a savepoint; returns how many it parked. */
async function applyIsolated(
  projection: Projection,
  events: readonly RecordedEvent[],
  context: ProjectionContext,
  changes: ReadModelChange[],
  kept: KeptRows,
  isolation: Isolation,
): Promise<number> {
  let parked = 0;
  for (const event of events) {
    const changesBefore = changes.length;
    const keptBefore = kept.size;
    try {
      await context.trx.transaction((savepoint) => projection.apply(event, { ...context, trx: savepoint }));
    } catch (error) {
      if (isTransientDatabaseError(error)) throw error;
      changes.length = changesBefore;
      kept.truncate(keptBefore);
      const attempts = isolation.failures.fail(projection.name, event.position);
      if (attempts < isolation.parkAfter) throw new EventApplyError(projection.name, event, attempts, error);
      await parkEvent(context.trx, projection.name, event, error, attempts);
      parked += 1;
    }
  }
  isolation.failures.clear(projection.name);
  return parked;
}
