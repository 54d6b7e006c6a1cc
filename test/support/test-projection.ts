import type { Knex } from 'knex';
import type { EventStore } from '../../server/src/eventstore/event-store';
import { reached, readCheckpoint } from '../../server/src/projector/checkpoints';
import type { Projection } from '../../server/src/projector/projection';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { EVENTUALLY_MS } from './eventually';

/** A projection into a table of its own that records every event it applies, for plumbing tests. */
export async function createCountingProjection(db: Knex, name: string, options: { failOn?: (n: number) => boolean } = {}): Promise<Projection> {
  const table = `${name}_rows`;
  await db.raw(`CREATE TABLE IF NOT EXISTS ${table} (position bigint PRIMARY KEY, stream_id text NOT NULL, n integer NOT NULL)`);
  return {
    name,
    tables: [table],
    eventTypes: ['Happened'],
    async apply(event, { trx }) {
      const n = (event.data as { n: number }).n;
      if (options.failOn?.(n)) throw new Error(`simulated crash while applying event ${n}`);
      await trx(table).insert({ position: event.position, stream_id: event.streamId, n });
    },
  };
}

export async function projectedRows(db: Knex, name: string) {
  return db(`${name}_rows`).select('position', 'stream_id', 'n').orderBy('position');
}

/**
 * Runs batches until the projection has passed the newest committed event. A batch may read
 * nothing while a transaction elsewhere in the cluster holds the snapshot horizon back: that
 * delays events, it never drops them, so a test must wait for the head instead of an empty batch.
 */
export async function drainProjection(db: Knex, store: EventStore, projection: Projection, batchSize = 100, timeoutMs = EVENTUALLY_MS) {
  const head = await store.head();
  if (!head) return;
  const deadline = Date.now() + timeoutMs;
  while (!reached(await readCheckpoint(db, projection.name), head)) {
    if (Date.now() > deadline) throw new Error(`projection ${projection.name} did not reach the head of the log`);
    const { read } = await runProjectionBatch(db, store, projection, batchSize);
    if (read === 0) await new Promise((r) => setTimeout(r, 10));
  }
}
