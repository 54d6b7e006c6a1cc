import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError, LOG_START } from '../../server/src/eventstore/types';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const event = (n: number) => ({ type: 'Happened', data: { n } });

describe('event store append', () => {
  it('appends with versions and reads the stream back in order, with metadata', async () => {
    const result = await store.append(
      { streamId: 's-1', streamType: 'Test', expectedVersion: 0, events: [event(1), event(2)] },
      { tenantId: 'demo', metadata: { correlationId: 'c-1', actor: 'tester' } },
    );
    expect(result.versions['s-1']).toBe(2);
    await store.append({ streamId: 's-1', streamType: 'Test', expectedVersion: 2, events: [event(3)] }, { tenantId: 'demo' });
    // An event's own metadata goes over the append's.
    await store.append(
      { streamId: 's-1', streamType: 'Test', expectedVersion: 3, events: [event(4), { ...event(5), metadata: { causationId: 'own', actor: 'event' } }] },
      { tenantId: 'demo', metadata: { correlationId: 'c-4', actor: 'tester' } },
    );
    const events = await store.readStream('s-1', { tenantId: 'demo' });
    expect(events.map((e) => [e.streamVersion, e.data])).toEqual([[1, { n: 1 }], [2, { n: 2 }], [3, { n: 3 }], [4, { n: 4 }], [5, { n: 5 }]]);
    expect(events[0]!.metadata).toMatchObject({ correlationId: 'c-1', actor: 'tester' });
    expect(events[3]!.metadata).toEqual({ correlationId: 'c-4', actor: 'tester' });
    expect(events[4]!.metadata).toEqual({ correlationId: 'c-4', actor: 'event', causationId: 'own' });
    expect(events[0]!.tenantId).toBe('demo');
    expect(events[0]!.position).toBeLessThan(events[1]!.position);
  });

  it('rejects a stale expected version and one ahead of the stream, appending nothing', async () => {
    await store.append({ streamId: 's-2', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo' });
    await expect(store.append({ streamId: 's-2', streamType: 'Test', expectedVersion: 0, events: [event(2)] }, { tenantId: 'demo' })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append({ streamId: 's-2', streamType: 'Test', expectedVersion: 5, events: [event(2)] }, { tenantId: 'demo' })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('s-2', { tenantId: 'demo' })).toHaveLength(1);
  });

  it('lets exactly one of two concurrent writers with the same expected version win', async () => {
    await store.append({ streamId: 's-3', streamType: 'Test', expectedVersion: 0, events: [event(0)] }, { tenantId: 'demo' });
    for (let round = 0; round < 10; round++) {
      const version = (await store.readStream('s-3', { tenantId: 'demo' })).length;
      const outcomes = await Promise.allSettled([
        store.append({ streamId: 's-3', streamType: 'Test', expectedVersion: version, events: [event(1)] }, { tenantId: 'demo' }),
        store.append({ streamId: 's-3', streamType: 'Test', expectedVersion: version, events: [event(2)] }, { tenantId: 'demo' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
    }
    const versions = (await store.readStream('s-3', { tenantId: 'demo' })).map((e) => e.streamVersion);
    expect(versions).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('appends to several streams atomically', async () => {
    await store.append({ streamId: 'taken', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo' });
    await expect(
      store.appendToStreams([
        { streamId: 'fresh', streamType: 'Test', expectedVersion: 0, events: [event(1)] },
        { streamId: 'taken', streamType: 'Test', expectedVersion: 0, events: [event(2)] },
      ], { tenantId: 'demo' }),
    ).rejects.toMatchObject({ streamId: 'taken' });
    expect(await store.readStream('fresh', { tenantId: 'demo' })).toHaveLength(0);
  });

  it('takes several appends in one transaction (the first holds the log lock for the rest) and a multi-event stream in one call', async () => {
    await database.db.transaction(async (trx) => {
      await store.append({ streamId: 'tx-a', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo', trx });
      await store.append({ streamId: 'tx-b', streamType: 'Test', expectedVersion: 0, events: [event(1), event(2), event(3)] }, { tenantId: 'demo', trx });
      await store.append({ streamId: 'tx-a', streamType: 'Test', expectedVersion: 1, events: [event(2)] }, { tenantId: 'demo', trx });
    });
    expect((await store.readStream('tx-a', { tenantId: 'demo' })).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await store.readStream('tx-b', { tenantId: 'demo' })).map((e) => [e.streamVersion, e.data])).toEqual([[1, { n: 1 }], [2, { n: 2 }], [3, { n: 3 }]]);
  });

  it('never lets an event row be updated, deleted or truncated', async () => {
    await store.append({ streamId: 's-4', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo' });
    await expect(database.db('events').where({ stream_id: 's-4' }).update({ event_type: 'Tampered' })).rejects.toThrow(/append-only/);
    await expect(database.db('events').where({ stream_id: 's-4' }).delete()).rejects.toThrow(/append-only/);
    await expect(database.db.raw('TRUNCATE events')).rejects.toThrow(/append-only/);
    expect((await store.readStream('s-4', { tenantId: 'demo' }))[0]!.type).toBe('Happened');
  });

  it('reads a stream as of a version and as of a moment', async () => {
    await store.append({ streamId: 's-5', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo' });
    // recorded_at has microseconds and a Date only milliseconds: an append that returns within the
    // millisecond it was recorded in would otherwise look later than the moment taken after it.
    await new Promise((r) => setTimeout(r, 5));
    const between = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await store.append({ streamId: 's-5', streamType: 'Test', expectedVersion: 1, events: [event(2)] }, { tenantId: 'demo' });
    expect(await store.readStream('s-5', { tenantId: 'demo', toVersion: 1 })).toHaveLength(1);
    expect((await store.readStream('s-5', { tenantId: 'demo', asOf: between })).map((e) => e.data)).toEqual([{ n: 1 }]);
  });

  it('holds readers of the log back while an autocommit append is in flight, and gives them its events in commit order after', async () => {
    // A writer that is no appender (no append lock) holds version 1 of the stream uncommitted: the
    // autocommit append of that version waits on it, in flight with its transaction id.
    const blocker = await database.db.transaction();
    try {
      await blocker.raw("INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata) VALUES ('demo', 'in-flight', 'Test', 1, 'Happened', '{}', '{}')");
      const inFlight = store.append({ streamId: 'in-flight', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId: 'demo' });
      await expect
        .poll(async () => (await database.db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_lock%'")).rows[0].n, { timeout: 10_000, interval: 20 })
        .toBe(1);
      const later = await store.append({ streamId: 'after-in-flight', streamType: 'Test', expectedVersion: 0, events: [event(2)] }, { tenantId: 'demo' });
      // Committed, but behind an append still running with an older transaction id: not given yet.
      const before = await store.readAll({ after: LOG_START, limit: 10_000 });
      expect(before.map((e) => e.position)).not.toContain(later.events[0]!.position);
      await blocker.rollback();
      const { events } = await inFlight;
      const after = await store.readAll({ after: LOG_START, limit: 10_000 });
      const positions = after.map((e) => e.position);
      expect(positions).toContain(events[0]!.position);
      expect(positions.indexOf(events[0]!.position)).toBeLessThan(positions.indexOf(later.events[0]!.position));
    } finally {
      if (!blocker.isCompleted()) await blocker.rollback();
    }
  });

  it('refuses an append or a read that does not name its shop, instead of filing it under a default one', async () => {
    const noShop = {} as { tenantId: string };
    await expect(store.append({ streamId: 'no-shop', streamType: 'Test', expectedVersion: 0, events: [event(1)] }, noShop)).rejects.toThrow(/needs the shop/);
    await expect(store.readStream('no-shop', noShop)).rejects.toThrow(/needs the shop/);
    expect(await database.db('events').where({ stream_id: 'no-shop' })).toEqual([]);
  });
});

const tenantId = 'demo';

/** A stream of `length` events, under a fresh name. */
async function streamOf(length: number): Promise<string> {
  const streamId = `read-${newId()}`;
  if (length > 0) await store.append({ streamId, streamType: 'Test', expectedVersion: 0, events: Array.from({ length }, (_, i) => event(i + 1)) }, { tenantId });
  return streamId;
}

const versionOf = async (streamId: string) => (await store.readStream(streamId, { tenantId })).length;

async function conflictOf(appending: Promise<unknown>): Promise<ConcurrencyError> {
  const error = await appending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  return error as ConcurrencyError;
}

describe('an append that requires a stream it read to stand still (unchanged)', () => {
  it('appends to one stream while the stream read stands at its version, in one statement', async () => {
    const read = await streamOf(2);
    const statements: string[] = [];
    const listener = (query: { sql: string }) => statements.push(query.sql);
    database.db.on('query', listener);
    const own = `own-${newId()}`;
    try {
      await store.append({ streamId: own, streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId, unchanged: [{ streamId: read, version: 2 }] });
    } finally {
      database.db.off('query', listener);
    }
    expect(await versionOf(own)).toBe(1);
    // The check rides in the append's own statement (sent on a pooled connection, not through knex's builder).
    expect(statements).toEqual([]);
  });

  it('writes nothing and names the stream read when it has moved, also from empty', async () => {
    for (const length of [0, 3]) {
      const read = await streamOf(length);
      await store.append({ streamId: read, streamType: 'Test', expectedVersion: length, events: [event(9)] }, { tenantId });
      const own = `own-${newId()}`;
      const conflict = await conflictOf(store.append({ streamId: own, streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId, unchanged: [{ streamId: read, version: length }] }));
      expect(conflict).toMatchObject({ streamId: read, expectedVersion: length });
      expect(await versionOf(own)).toBe(0);
    }
  });

  it('names its own stream when that moved and the stream read did not', async () => {
    const read = await streamOf(1);
    const own = await streamOf(2);
    const conflict = await conflictOf(store.append({ streamId: own, streamType: 'Test', expectedVersion: 1, events: [event(3)] }, { tenantId, unchanged: [{ streamId: read, version: 1 }] }));
    expect(conflict).toMatchObject({ streamId: own, expectedVersion: 1 });
    expect(await versionOf(own)).toBe(2);
  });

  it('checks the streams read before an append to several streams, or inside a transaction', async () => {
    const read = await streamOf(1);
    const a = `own-${newId()}`;
    const b = `own-${newId()}`;
    const both = (version: number) =>
      store.appendToStreams(
        [
          { streamId: a, streamType: 'Test', expectedVersion: 0, events: [event(1)] },
          { streamId: b, streamType: 'Test', expectedVersion: 0, events: [event(1)] },
        ],
        { tenantId, unchanged: [{ streamId: read, version }] },
      );
    await store.append({ streamId: read, streamType: 'Test', expectedVersion: 1, events: [event(2)] }, { tenantId });
    expect(await conflictOf(both(1))).toMatchObject({ streamId: read });
    expect([await versionOf(a), await versionOf(b)]).toEqual([0, 0]);

    const inTransaction = database.db.transaction((trx) =>
      store.append({ streamId: a, streamType: 'Test', expectedVersion: 0, events: [event(1)] }, { tenantId, trx, unchanged: [{ streamId: read, version: 1 }] }),
    );
    expect(await conflictOf(inTransaction)).toMatchObject({ streamId: read });
    expect(await versionOf(a)).toBe(0);

    await both(2);
    expect([await versionOf(a), await versionOf(b)]).toEqual([1, 1]);
  });
});
