import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError } from '../../server/src/eventstore/types';
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
