import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  const append = (tenantId: string, streamId: string, ns: number[]) =>
    store.append({ streamId, streamType: 'Test', expectedVersion: 0, events: ns.map((n) => ({ type: 'Happened', data: { n } })) }, { tenantId });
  await append('shop-a', 'long', [1, 2, 3, 4, 5]);
  await append('shop-a', 'short', [10]);
  // The same stream id in another shop: never read for shop-a, nor shop-a's for it.
  await append('shop-b', 'long', [100, 200]);
});
afterAll(() => database.drop());

const statementsWhile = async <T>(run: () => Promise<T>) => {
  const sql: string[] = [];
  const onQuery = (query: { sql: string }) => sql.push(query.sql);
  database.db.on('query', onQuery);
  try {
    return { result: await run(), sql };
  } finally {
    database.db.off('query', onQuery);
  }
};
const dataOf = (events: { data: unknown; streamVersion: number; tenantId: string }[]) => events.map((e) => [e.tenantId, e.streamVersion, e.data]);

describe('whole-stream reads', () => {
  it('asked for in one tick go in one statement, each as it reads alone, in its own shop', async () => {
    const asked = [
      ['shop-a', 'long'],
      ['shop-b', 'long'],
      ['shop-a', 'missing'],
      ['shop-a', 'short'],
      ['shop-a', 'long'],
    ] as const;
    const alone = [];
    for (const [tenantId, streamId] of asked) alone.push(dataOf(await store.readStream(streamId, { tenantId })));
    const { result: together, sql } = await statementsWhile(() => Promise.all(asked.map(([tenantId, streamId]) => store.readStream(streamId, { tenantId }))));
    expect(sql).toHaveLength(1);
    expect(together.map(dataOf)).toEqual(alone);
    expect(alone[0]).toEqual([1, 2, 3, 4, 5].map((n, i) => ['shop-a', i + 1, { n }]));
    expect(alone[1]).toEqual([['shop-b', 1, { n: 100 }], ['shop-b', 2, { n: 200 }]]);
    expect(alone[2]).toEqual([]);
  });

  it('with a version range or a point in time are read on their own', async () => {
    const { result, sql } = await statementsWhile(() =>
      Promise.all([store.readStream('long', { tenantId: 'shop-a', toVersion: 2 }), store.readStream('long', { tenantId: 'shop-a', afterVersion: 3 })]),
    );
    expect(sql).toHaveLength(2);
    expect(result.map((events) => events.map((e) => e.streamVersion))).toEqual([[1, 2], [4, 5]]);
  });
});
