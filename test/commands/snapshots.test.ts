import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../server/src/commands/command-handler';
import { fold, type Decider } from '../../server/src/commands/decider';
import { handleMultiStreamCommand } from '../../server/src/commands/multi-stream-command';
import { SnapshotStore, useSnapshots } from '../../server/src/commands/snapshots';
import { headOf, loadStream } from '../../server/src/commands/streams';
import { EventStore } from '../../server/src/eventstore/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { rowsRead } from '../support/rows-read';

type Added = { type: 'Added'; data: { n: number } };
interface Tally {
  total: number;
  count: number;
  /** Key order matters to nobody here, but a snapshot must keep it all the same. */
  seen: Record<string, number>;
}

const EVERY = 10;
const tally: Decider<Tally, { n: number }, Added> = {
  streamType: 'Tally',
  initialState: () => ({ total: 0, count: 0, seen: {} }),
  evolve: (state, event) => ({ total: state.total + event.data.n, count: state.count + 1, seen: { ...state.seen, [`k${event.data.n % 7}`]: event.data.n } }),
  decide: (command) => [{ type: 'Added', data: { n: command.n } }],
  snapshot: { every: EVERY, version: 'tally-v1' },
};

let database: TestDatabase;
let store: EventStore;
const tenantId = 'demo';

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  useSnapshots(store, new SnapshotStore(database.db));
});
afterAll(() => database.drop());

const add = (streamId: string, n: number) => handleCommand(store, tally, streamId, { n }, { tenantId });
const snapshotRow = async (streamId: string) =>
  (await database.db('stream_snapshots').where({ tenant_id: tenantId, stream_id: streamId }).first()) as { stream_version: number; state_version: string; state: Tally } | undefined;
const fullFold = async (streamId: string) => {
  const events = await store.readStream(streamId, { tenantId });
  return { state: fold(tally, events as unknown as Added[]), version: events.length };
};
async function addMany(streamId: string, from: number, to: number) {
  for (let n = from; n <= to; n++) await add(streamId, n);
}

describe('stream snapshots in the command runtime', () => {
  it('keeps a snapshot every N events and loads it with only the events after it, in one query', async () => {
    await addMany('tally-1', 1, 25);
    const row = await snapshotRow('tally-1');
    expect(row).toMatchObject({ stream_version: 20, state_version: 'tally-v1' });
    expect(row!.state).toEqual(fold(tally, Array.from({ length: 20 }, (_, i) => ({ type: 'Added' as const, data: { n: i + 1 } }))));

    const { result: loaded, rows, queries } = await rowsRead(database.db, () => loadStream(store, tally, 'tally-1', tenantId));
    expect(queries).toBe(1);
    expect(rows).toBe(1 + 5);
    const full = await fullFold('tally-1');
    expect(loaded.state).toStrictEqual(full.state);
    // Key order too: a snapshot is the folded state exactly.
    expect(Object.keys(loaded.state.seen)).toEqual(Object.keys(full.state.seen));
    expect(loaded).toMatchObject({ version: 25, snapshotVersion: 20 });
  });

  it('never folds on a snapshot of another state version, and replaces it', async () => {
    await addMany('tally-2', 1, 12);
    await database.db('stream_snapshots').where({ tenant_id: tenantId, stream_id: 'tally-2' }).update({ state_version: 'tally-v0', state: JSON.stringify({ total: -1000, count: 0, seen: {} }) });

    const { result: loaded, rows } = await rowsRead(database.db, () => loadStream(store, tally, 'tally-2', tenantId));
    expect(rows).toBe(12);
    expect(loaded.state).toStrictEqual((await fullFold('tally-2')).state);
    expect(loaded.snapshotVersion).toBe(0);

    await add('tally-2', 13);
    expect(await snapshotRow('tally-2')).toMatchObject({ stream_version: 13, state_version: 'tally-v1' });
    const { result: again, rows: fewer } = await rowsRead(database.db, () => loadStream(store, tally, 'tally-2', tenantId));
    expect(fewer).toBe(1);
    expect(again.state).toStrictEqual((await fullFold('tally-2')).state);
  });

  it('stays correct when snapshots are deleted at any time, and takes a new one', async () => {
    await addMany('tally-3', 1, 15);
    await database.db('stream_snapshots').where({ tenant_id: tenantId }).delete();
    const { state, version } = await add('tally-3', 16);
    expect(version).toBe(16);
    expect(state).toStrictEqual((await fullFold('tally-3')).state);
    // Loaded from the first event, 16 events on: due again at once.
    expect(await snapshotRow('tally-3')).toMatchObject({ stream_version: 16 });
  });

  it('does not fail a command when its snapshot cannot be written', async () => {
    await database.db.raw(`
      CREATE FUNCTION refuse_snapshots() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no snapshots today'; END $$;
      CREATE TRIGGER refuse_snapshots BEFORE INSERT OR UPDATE ON stream_snapshots FOR EACH ROW EXECUTE FUNCTION refuse_snapshots();
    `);
    try {
      await addMany('tally-4', 1, 12);
      expect(await snapshotRow('tally-4')).toBeUndefined();
    } finally {
      await database.db.raw('DROP TRIGGER refuse_snapshots ON stream_snapshots; DROP FUNCTION refuse_snapshots()');
    }
    const loaded = await loadStream(store, tally, 'tally-4', tenantId);
    expect(loaded.state).toStrictEqual((await fullFold('tally-4')).state);
    expect(loaded.state.count).toBe(12);
    // The next command finds the snapshot due (12 events on nothing) and writes it.
    await add('tally-4', 13);
    expect(await snapshotRow('tally-4')).toMatchObject({ stream_version: 13 });
  });

  it('keeps only the newest snapshot of a state version', async () => {
    const snapshots = new SnapshotStore(database.db);
    expect(await snapshots.save(tenantId, 'tally-5', 'tally-v1', 30, { total: 30, count: 30, seen: {} })).toBe(true);
    expect(await snapshots.save(tenantId, 'tally-5', 'tally-v1', 25, { total: 25, count: 25, seen: {} })).toBe(false);
    expect(await snapshotRow('tally-5')).toMatchObject({ stream_version: 30, state: { total: 30 } });
    expect(await snapshots.save(tenantId, 'tally-5', 'tally-v2', 25, { total: 25, count: 25, seen: {} })).toBe(true);
    expect(await snapshotRow('tally-5')).toMatchObject({ stream_version: 25, state_version: 'tally-v2' });
  });

  it('snapshots every stream of a multi-stream command, each when due', async () => {
    const streams = ['tally-6a', 'tally-6b'];
    await addMany('tally-6a', 1, 5);
    for (let i = 0; i < 6; i++) {
      await handleMultiStreamCommand(store, tally, streams, () => new Map(streams.map((id) => [id, [{ type: 'Added', data: { n: i } } satisfies Added]])), { tenantId, metadata: {} });
    }
    // tally-6a went 5 → 11 (due at 10, ten events on nothing), tally-6b 0 → 6 (not due).
    expect(await snapshotRow('tally-6a')).toMatchObject({ stream_version: 10 });
    expect(await snapshotRow('tally-6b')).toBeUndefined();
    const { result, rows } = await rowsRead(database.db, () => loadStream(store, tally, 'tally-6a', tenantId));
    expect(rows).toBe(1 + 1);
    expect(result.state).toStrictEqual((await fullFold('tally-6a')).state);
  });

  it('folds the whole stream for a decider without a snapshot policy, or a store without snapshots', async () => {
    await addMany('tally-7', 1, 22);
    const { snapshot: _policy, ...withoutPolicy } = tally;
    const plain = await rowsRead(database.db, () => loadStream(store, withoutPolicy, 'tally-7', tenantId));
    expect(plain.rows).toBe(22);
    const bare = await rowsRead(database.db, () => loadStream(new EventStore(database.db), tally, 'tally-7', tenantId));
    expect(bare.rows).toBe(22);
    expect(plain.result.state).toStrictEqual(bare.result.state);
  });

  it("finds a stream's head reading one row", async () => {
    await addMany('tally-8', 1, 30);
    const events = await store.readStream('tally-8', { tenantId });
    const { result, rows } = await rowsRead(database.db, () => headOf(store, 'tally-8', tenantId));
    expect(rows).toBe(1);
    expect(result).toEqual({ transactionId: events.at(-1)!.transactionId, position: events.at(-1)!.position });
    expect(await headOf(store, 'no-such-stream', tenantId)).toBeUndefined();
  });

  it('loads the streams asked for in one tick in one query, each with its own snapshot and tail, in its own shop', async () => {
    await addMany('batch-long', 1, 13);
    await addMany('batch-short', 1, 3);
    await handleCommand(store, tally, 'batch-long', { n: 99 }, { tenantId: 'other-shop' });
    const asked = [
      { streamId: 'batch-long', tenantId },
      { streamId: 'batch-short', tenantId },
      { streamId: 'batch-none', tenantId },
      { streamId: 'batch-long', tenantId: 'other-shop' },
    ];
    const { result: loaded, rows, queries } = await rowsRead(database.db, () => Promise.all(asked.map((a) => loadStream(store, tally, a.streamId, a.tenantId))));
    expect(queries).toBe(1);
    // batch-long: its snapshot at 10 and 3 events after it; batch-short: 3 events; batch-none: nothing; the other shop's: 1 event.
    expect(rows).toBe(1 + 3 + 3 + 0 + 1);
    expect(loaded.map((l) => [l.streamId, l.version, l.snapshotVersion, l.state.total])).toEqual([
      ['batch-long', 13, 10, 91],
      ['batch-short', 3, 0, 6],
      ['batch-none', 0, 0, 0],
      ['batch-long', 1, 0, 99],
    ]);
    const alone = await Promise.all(asked.map(async (a) => ({ ...(await loadStream(store, tally, a.streamId, a.tenantId)) })));
    expect(loaded).toEqual(alone);
  });
});
