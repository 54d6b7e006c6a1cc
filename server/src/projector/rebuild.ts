import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import { LOG_START, type LogCheckpoint } from '../eventstore/types';
import { advanceCheckpoint, lockCheckpoint, reached } from './checkpoints';
import { applyAll, eventTypeFilter, type Projection } from './projection';

export interface RebuildProgress {
  total: number;
  done: number;
}

/**
 * Empties a projection's tables and replays the whole log into them in one transaction: readers
 * see the old tables until the rebuilt ones commit, and the live projector waits on the
 * checkpoint lock meanwhile, then carries on from where the rebuild stopped.
 */
export async function rebuildProjection(
  db: Knex,
  store: EventStore,
  projection: Projection,
  onProgress: (progress: RebuildProgress) => void = () => {},
  batchSize = 1000,
): Promise<number> {
  return db.transaction(async (trx) => {
    const from = await lockCheckpoint(trx, projection.name);
    for (const table of projection.tables) await trx(table).delete();
    const eventTypes = eventTypeFilter(projection);
    const counted = trx('events');
    if (eventTypes) counted.whereIn('event_type', eventTypes);
    const [{ count }] = await counted.count<{ count: number }[]>({ count: '*' });
    const total = Number(count);
    let after: LogCheckpoint = LOG_START;
    let done = 0;
    const context = { trx, changed: () => {} };
    onProgress({ total, done });
    for (;;) {
      const events = await store.readAll({ after, limit: batchSize, eventTypes, trx });
      if (events.length === 0) break;
      await applyAll(projection, events, context);
      done += events.length;
      const last = events[events.length - 1]!;
      after = { transactionId: last.transactionId, position: last.position };
      onProgress({ total, done });
    }
    // The live checkpoint may already stand past `after` where only events this projection
    // ignores follow; it never stands past an event the replay applied.
    if (!reached(from, after)) await advanceCheckpoint(trx, projection.name, from, after);
    return done;
  });
}
