import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { LogCheckpoint } from '../../server/src/eventstore/types';
import { reached } from '../../server/src/projector/checkpoints';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { printSummary } from './support/summary';

/**
 * Appends as fast as 16 writers can make them, in autocommit as the app makes them, while readers
 * claim batches of the log in a loop as projections do (`ordercast_claim_batch`, then the
 * checkpoint move). A new transaction id is visible to snapshots a moment before PostgreSQL locks
 * it, and the log horizon once missed appenders caught in that moment: readers then passed a few
 * events in 100,000 for good (migration 20261130_0310; this test found it in most runs). Every
 * reader must see every appended event, once.
 */
let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const WRITERS = 16;
const READERS = 6;
const WRITE_MS = Number(process.env.CHAOS_LOG_READERS_MS ?? 20_000);

interface ClaimRow {
  from_transaction_id: string;
  from_position: string;
  global_position: string | null;
  transaction_id: string | null;
}

/** Claims and passes batches until its checkpoint reaches the head the writers left (`head()`, once known); returns the positions it was given. */
async function follow(name: string, head: () => LogCheckpoint | undefined): Promise<number[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const seen: number[] = [];
  try {
    for (;;) {
      const [, claim] = (await client.query(`BEGIN; SELECT * FROM ordercast_claim_batch('${name}', 100, NULL)`)) as unknown as [unknown, { rows: ClaimRow[] }];
      const rows = claim.rows;
      if (rows[0]!.global_position === null) {
        await client.query('COMMIT');
        const end = head();
        if (end && reached({ transactionId: rows[0]!.from_transaction_id, position: Number(rows[0]!.from_position) }, end)) break;
        // Nothing below the horizon yet: claim again on the next turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      for (const row of rows) seen.push(Number(row.global_position));
      const last = rows[rows.length - 1]!;
      await client.query(
        `SELECT ordercast_advance_checkpoint('${name}', '${rows[0]!.from_transaction_id}'::xid8, ${rows[0]!.from_position}, '${last.transaction_id}'::xid8, ${last.global_position}, 'log_readers_changes', NULL); COMMIT`,
      );
    }
  } finally {
    await client.end();
  }
  return seen;
}

describe('readers of the log under a storm of appends', () => {
  it('no reader passes an appended event without being given it, or is given one twice', async () => {
    let writing = true;
    let head: LogCheckpoint | undefined;
    const appended: number[] = [];
    const readers = Array.from({ length: READERS }, (_, r) => follow(`log_reader_${r}`, () => head));
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; writing; n++) {
        const { events } = await store.append({ streamId: `storm-${w}-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n } }] }, { tenantId: 'demo' });
        appended.push(events[0]!.position);
      }
    });
    // How long the storm lasts (the workload), not a wait for an outcome: readers stop at the head.
    await new Promise((resolve) => setTimeout(resolve, WRITE_MS));
    writing = false;
    await Promise.all(writers);
    head = await store.head();
    const seen = await Promise.all(readers);
    const expected = [...appended].sort((a, b) => a - b);
    printSummary('log readers', {
      appends: expected.length,
      writers: WRITERS,
      readers: READERS,
      'writing ms': WRITE_MS,
      'events missed per reader': seen.map((positions) => expected.length - new Set(positions).size).join(' / '),
    });
    for (const positions of seen) expect([...positions].sort((a, b) => a - b)).toEqual(expected);
  });
});
