import type { Knex } from 'knex';
import { allProjections } from '../../../server/src/app/contexts';
import { EventStore } from '../../../server/src/eventstore/event-store';
import { rebuildProjection } from '../../../server/src/projector/rebuild';

/** Every read table of every projection, rows in a stable order. */
export async function snapshotReadTables(db: Knex): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const projection of allProjections) {
    for (const table of projection.tables) snapshot[table] = await db(table).select().orderByRaw('1, 2');
  }
  return snapshot;
}

/**
 * The read tables as the live projector left them, and as a rebuild from the events alone makes
 * them (run with no server on the database). Equal when read models hold nothing the log does not.
 */
export async function liveAndRebuilt(db: Knex): Promise<{ live: Record<string, unknown[]>; rebuilt: Record<string, unknown[]>; events: number }> {
  const live = await snapshotReadTables(db);
  const store = new EventStore(db);
  let events = 0;
  for (const projection of allProjections) events += await rebuildProjection(db, store, projection);
  return { live, rebuilt: await snapshotReadTables(db), events };
}
