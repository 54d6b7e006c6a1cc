import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { LOG_START, type LogCheckpoint, type RecordedEvent } from '../../server/src/eventstore/types';
import { reached } from '../../server/src/projector/checkpoints';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { pause, seededRandom } from '../support/seeded-random';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

describe('following the log while many writers commit out of order', () => {
  it('reads every committed event exactly once, in commit order, and none that rolled back', async () => {
    const next = seededRandom(20261130);
    const writers = 8;
    const appendsPerWriter = 30;
    let writing = true;

    const write = async (writer: number) => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const append = { streamId: `stress-${writer}-${i}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { writer, i } }] };
        const mode = next();
        if (mode < 0.4) {
          await store.append(append, { tenantId: 'demo' });
        } else {
          // Held open for a while after taking its position, so later positions commit first.
          const trx = await database.db.transaction();
          await store.append(append, { tenantId: 'demo', trx });
          await pause(Math.floor(next() * 15));
          if (mode < 0.85) await trx.commit();
          else await trx.rollback();
        }
      }
    };

    const read: RecordedEvent[] = [];
    let after: LogCheckpoint = LOG_START;
    const follow = async () => {
      for (;;) {
        const page = await store.readAll({ after, limit: 25 });
        read.push(...page);
        if (page.length > 0) after = { transactionId: page.at(-1)!.transactionId, position: page.at(-1)!.position };
        else if (!writing) {
          const head = await store.head();
          if (!head || reached(after, head)) return;
        } else await pause(2);
      }
    };

    const following = follow();
    await Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
    writing = false;
    await following;

    const committed = (await database.db('events').where('stream_id', 'like', 'stress-%').orderBy('global_position').pluck('global_position')).map(Number);
    const seen = read.filter((e) => e.streamId.startsWith('stress-')).map((e) => e.position);
    console.log(`stress: ${committed.length} committed of ${writers * appendsPerWriter} appends, ${seen.length} read`);
    expect(committed.length).toBeGreaterThan(writers * appendsPerWriter * 0.7);
    expect(committed.length).toBeLessThan(writers * appendsPerWriter);
    // Every committed event once; nothing else (rolled-back appends left gaps, never rows).
    expect([...seen].sort((a, b) => a - b)).toEqual(committed);
    expect(new Set(seen).size).toBe(seen.length);
    // In commit order: (transaction id, position) only ever grows along the read.
    for (let i = 1; i < read.length; i++) {
      const [a, b] = [read[i - 1]!, read[i]!];
      expect(BigInt(b.transactionId) > BigInt(a.transactionId) || (b.transactionId === a.transactionId && b.position > a.position)).toBe(true);
    }
  });
});
