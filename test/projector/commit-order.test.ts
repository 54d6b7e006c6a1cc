import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, drainProjection, projectedRows } from '../support/test-projection';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const happened = (n: number) => [{ type: 'Happened', data: { n } }];

describe('reading the log in commit order', () => {
  it('never skips an event that commits after a later-numbered one was projected', async () => {
    const projection = await createCountingProjection(database.db, 'commit_order');
    // A takes the lower position but stays open; B takes a higher one and commits first.
    const trxA = await database.db.transaction();
    await store.append({ streamId: 'a', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo', trx: trxA });
    await store.append({ streamId: 'b', streamType: 'Test', expectedVersion: 0, events: happened(2) }, { tenantId: 'demo' });

    const whileAOpen = await runProjectionBatch(database.db, store, projection, 100);
    // B is held back too: projecting it now would move the checkpoint past A's position.
    expect(whileAOpen.read).toBe(0);

    await trxA.commit();
    await drainProjection(database.db, store, projection);
    const live = await projectedRows(database.db, 'commit_order');
    expect(live.map((r) => r.n).sort()).toEqual([1, 2]);

    const aPosition = (await store.readStream('a', { tenantId: 'demo' }))[0]!.position;
    const bPosition = (await store.readStream('b', { tenantId: 'demo' }))[0]!.position;
    expect(aPosition).toBeLessThan(bPosition);

    await rebuildProjection(database.db, store, projection);
    expect(await projectedRows(database.db, 'commit_order')).toEqual(live);
  });

  it('claims the payloads of its own event types only, while its checkpoint passes the others, a batch at a time', async () => {
    const projection = await createCountingProjection(database.db, 'typed');
    await drainProjection(database.db, store, projection);
    const before = (await projectedRows(database.db, 'typed')).map((r) => r.stream_id);
    // What the batch hands over to be opened (decrypted) and applied: its claim's payloads.
    const opened: string[] = [];
    const watched = Object.assign(Object.create(store) as EventStore, {
      open: (events: Parameters<EventStore['open']>[0], trx?: Parameters<EventStore['open']>[1]) => {
        opened.push(...events.map((event) => `${event.type} ${JSON.stringify(event.data)}`));
        return store.open(events, trx);
      },
    });
    for (let i = 0; i < 5; i++) await store.append({ streamId: `ignored-${i}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Ignored', data: { i } }] }, { tenantId: 'demo' });
    await store.append({ streamId: 'typed-1', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo' });
    const last = await store.append({ streamId: 'ignored-last', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Ignored', data: {} }] }, { tenantId: 'demo' });

    // Four claimed, all of another type: nothing opened or applied, the checkpoint past them.
    expect(await runProjectionBatch(database.db, watched, projection, 4)).toMatchObject({ read: 4, applied: 0 });
    expect(opened).toEqual([]);
    // The other three: the one event of its type comes with its payload, the checkpoint goes to the last.
    expect(await runProjectionBatch(database.db, watched, projection, 4)).toMatchObject({ read: 3, applied: 1, checkpoint: last.checkpoint });
    expect(opened).toEqual(['Happened {"n":1}']);
    expect((await projectedRows(database.db, 'typed')).map((r) => r.stream_id)).toEqual([...before, 'typed-1']);
    expect(await runProjectionBatch(database.db, watched, projection, 4)).toMatchObject({ read: 0, applied: 0 });
  });

  it('follows the log for a process manager: every event in commit order, the payloads of its types only, none past an appender still open', async () => {
    const head = await store.head();
    const open = await database.db.transaction();
    await store.append({ streamId: 'follow-open', streamType: 'Test', expectedVersion: 0, events: happened(7) }, { tenantId: 'demo', trx: open });
    await store.append({ streamId: 'follow-later', streamType: 'Test', expectedVersion: 0, events: happened(8) }, { tenantId: 'demo' });
    // The open append's transaction holds the horizon: neither it nor the one committed after it is read.
    expect(await store.followLog({ after: head!, limit: 10, payloadTypes: ['Happened'] })).toEqual([]);
    await open.commit();
    await store.append({ streamId: 'follow-ignored', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Ignored', data: { secret: 1 } }] }, { tenantId: 'demo' });

    const followed = await store.followLog({ after: head!, limit: 10, payloadTypes: ['Happened'] });
    expect(followed.map((entry) => entry.event && `${entry.event.streamId} ${JSON.stringify(entry.event.data)}`)).toEqual(['follow-open {"n":7}', 'follow-later {"n":8}', undefined]);
    const all = await store.readAll({ after: head!, limit: 10 });
    expect(followed.map((entry) => entry.at)).toEqual(all.map((event) => ({ transactionId: event.transactionId, position: event.position })));
    expect(await store.followLog({ after: followed[0]!.at, limit: 1, payloadTypes: [] })).toEqual([{ at: followed[1]!.at, event: undefined }]);
  });

  it('shares one read among followers asking the same while it is under way (the buckets of a process manager)', async () => {
    const after = (await store.head())!;
    await store.append({ streamId: 'follow-shared', streamType: 'Test', expectedVersion: 0, events: happened(9) }, { tenantId: 'demo' });
    const sent: string[] = [];
    const onQuery = (query: { sql: string }) => /ordercast_follow_log/.test(query.sql) && sent.push(query.sql);
    database.db.on('query', onQuery);
    try {
      const ask = (payloadTypes: string[]) => store.followLog({ after, limit: 10, payloadTypes });
      const [first, second, other] = await Promise.all([ask(['Happened']), ask(['Happened']), ask(['Ignored'])]);
      expect(second).toEqual(first);
      expect(first.map((entry) => entry.event?.data)).toEqual([{ n: 9 }]);
      expect(other.map((entry) => entry.event)).toEqual([undefined]);
      // Two reads: the same question shared one, another question got its own.
      expect(sent).toHaveLength(2);
      // Done, a read is not kept: the next one reads again.
      await ask(['Happened']);
      expect(sent).toHaveLength(3);
    } finally {
      database.db.off('query', onQuery);
    }
  });

  it('passes over the gap a rolled-back append leaves', async () => {
    const projection = await createCountingProjection(database.db, 'gaps');
    await store.append({ streamId: 'g1', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo' });
    const trx = await database.db.transaction();
    await store.append({ streamId: 'g2', streamType: 'Test', expectedVersion: 0, events: happened(2) }, { tenantId: 'demo', trx });
    await trx.rollback();
    await store.append({ streamId: 'g3', streamType: 'Test', expectedVersion: 0, events: happened(3) }, { tenantId: 'demo' });

    await drainProjection(database.db, store, projection);
    const rows = await projectedRows(database.db, 'gaps');
    expect(rows.filter((r) => r.stream_id.startsWith('g')).map((r) => r.stream_id)).toEqual(['g1', 'g3']);
  });

  it('applies each event exactly once when two runners race for the same projection', async () => {
    const projection = await createCountingProjection(database.db, 'racing');
    for (let i = 0; i < 50; i++) await store.append({ streamId: `r-${i}`, streamType: 'Test', expectedVersion: 0, events: happened(i) }, { tenantId: 'demo' });
    // Primary key on position: applying one event twice would fail the batch.
    const runs = await Promise.allSettled(Array.from({ length: 6 }, () => runProjectionBatch(database.db, store, projection, 7)));
    expect(runs.every((r) => r.status === 'fulfilled')).toBe(true);
    await drainProjection(database.db, store, projection, 7);
    const rows = await projectedRows(database.db, 'racing');
    expect(rows.filter((r) => r.stream_id.startsWith('r-')).map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
