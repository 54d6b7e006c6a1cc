import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { LOG_START, type LogCheckpoint, type RecordedEvent } from '../../server/src/eventstore/types';
import { reached, readCheckpoint } from '../../server/src/projector/checkpoints';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, projectedRows } from '../support/test-projection';
import { printSummary } from './support/summary';
import { pause, seededRandom } from '../support/seeded-random';

/**
 * Many writers whose transactions take a position, then sleep a random while before they commit
 * (or roll back): positions commit out of order all the time. Readers following the log and
 * projection runners racing each other must still see every committed event exactly once, in
 * commit order, and nothing that rolled back. test/eventstore/log-horizon-stress.test.ts, scaled up.
 */
let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const WRITERS = 16;
const APPENDS_PER_WRITER = 50;
const READERS = 2;
const RUNNERS = 3;

describe('out-of-order commits from many writers', () => {
  it('no reader or projection skips an event or sees one twice; every read is in commit order', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const next = seededRandom(seed);
    const projection = await createCountingProjection(database.db, 'chaos_order');
    let writing = true;
    let rolledBack = 0;
    /** Positions in the order their transactions committed (as the writers saw it). */
    const commitOrder: number[] = [];

    const write = async (writer: number) => {
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        // One to three events per append: their positions must come out together and in order.
        const events = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, e) => ({ type: 'Happened', data: { n: writer * 10_000 + i * 10 + e } }));
        const append = { streamId: `ooo-${writer}-${i}`, streamType: 'Test', expectedVersion: 0, events };
        const mode = next();
        if (mode < 0.3) {
          commitOrder.push(...(await store.append(append, { tenantId: 'demo' })).events.map((e) => e.position));
          continue;
        }
        // Held open after taking its positions, so that later positions commit first.
        const trx = await database.db.transaction();
        const { events: appended } = await store.append(append, { tenantId: 'demo', trx });
        await pause(Math.floor(next() * 30));
        if (mode < 0.85) {
          await trx.commit();
          commitOrder.push(...appended.map((e) => e.position));
        } else {
          await trx.rollback();
          rolledBack++;
        }
      }
    };

    const follow = async (): Promise<RecordedEvent[]> => {
      const read: RecordedEvent[] = [];
      let after: LogCheckpoint = LOG_START;
      for (;;) {
        const page = await store.readAll({ after, limit: 1 + Math.floor(next() * 40) });
        read.push(...page);
        if (page.length > 0) after = { transactionId: page.at(-1)!.transactionId, position: page.at(-1)!.position };
        else if (!writing) {
          const head = await store.head();
          if (!head || reached(after, head)) return read;
        } else await pause(2);
      }
    };

    // Runners race for the same projection, as several nodes do; its table's primary key on the
    // position makes an event applied twice fail the batch.
    let batches = 0;
    const project = async () => {
      for (;;) {
        const { read } = await runProjectionBatch(database.db, store, projection, 1 + Math.floor(next() * 50));
        batches++;
        if (read > 0) continue;
        if (!writing) {
          const head = await store.head();
          if (!head || reached(await readCheckpoint(database.db, projection.name), head)) return;
        }
        await pause(2);
      }
    };

    const reading = Promise.all(Array.from({ length: READERS }, follow));
    const projecting = Promise.all(Array.from({ length: RUNNERS }, project));
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => write(w)));
    writing = false;
    const reads = await reading;
    await projecting;

    const committed = (await database.db('events').where('stream_id', 'like', 'ooo-%').orderBy('global_position').pluck('global_position')).map(Number);
    for (const read of reads) {
      const seen = read.filter((e) => e.streamId.startsWith('ooo-')).map((e) => e.position);
      expect(new Set(seen).size, 'an event read twice').toBe(seen.length);
      expect([...seen].sort((a, b) => a - b), 'an event skipped (or a rolled-back one read)').toEqual(committed);
      // Commit order: (transaction id, position) only ever grows along the read.
      const outOfOrder = read.filter((b, i) => {
        const a = read[i - 1];
        return a && !(BigInt(b.transactionId) > BigInt(a.transactionId) || (b.transactionId === a.transactionId && b.position > a.position));
      });
      expect(outOfOrder).toEqual([]);
    }
    const projected = (await projectedRows(database.db, 'chaos_order')).map((r) => Number(r.position));
    expect(projected, 'the projection skipped an event').toEqual(committed);

    // Events that committed after a later position had: the test exercised what it claims.
    let highest = 0;
    let overtaken = 0;
    for (const position of commitOrder) {
      if (position < highest) overtaken++;
      highest = Math.max(highest, position);
    }
    printSummary('out-of-order commits', {
      seed,
      writers: WRITERS,
      'appends committed': committed.length === 0 ? 0 : new Set(reads[0]!.filter((e) => e.streamId.startsWith('ooo-')).map((e) => e.streamId)).size,
      'events committed': committed.length,
      'appends rolled back': rolledBack,
      'events committed after a later position': overtaken,
      'readers each saw every event once': READERS,
      'projection batches by racing runners': batches,
      'skipped or doubled': 0,
    });
    expect(rolledBack).toBeGreaterThan(0);
    expect(overtaken).toBeGreaterThan(0);
  });
});
