import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import type { Knex } from 'knex';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { LogCheckpoint } from '../../server/src/eventstore/types';
import { reached, readCheckpoint } from '../../server/src/projector/checkpoints';
import { jointTypes, runJointBatch } from '../../server/src/projector/joint-batch';
import type { Projection } from '../../server/src/projector/projection';
import { Projector } from '../../server/src/projector/projector';
import { EVENTUALLY_MS } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;

// A log of its own per test: each counts what a claim reads from the start of the log.
beforeEach(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterEach(async () => {
  await database.drop();
});

/** A projection of the given types into a table of its own, recording each event it applies; `failOn` makes one event throw. */
async function recording(name: string, eventTypes: readonly string[] | 'all', failOn?: string): Promise<Projection> {
  const table = `${name}_rows`;
  await database.db.raw(`DROP TABLE IF EXISTS ${table}`);
  await database.db.raw(`CREATE TABLE ${table} (position bigint PRIMARY KEY, type text NOT NULL)`);
  return {
    name,
    tables: [table],
    eventTypes,
    async apply(event, { trx, changed }) {
      if (event.streamId === failOn) throw new Error(`cannot apply ${event.streamId}`);
      await trx(table).insert({ position: event.position, type: event.type });
      changed({ topic: name, id: event.streamId, tenantId: event.tenantId });
    },
  };
}

const rows = async (db: Knex, name: string) => (await db(`${name}_rows`).select('position', 'type').orderBy('position')).map((r) => `${r.type}@${r.position}`);

let streams = 0;
async function append(...types: string[]): Promise<LogCheckpoint> {
  const { checkpoint } = await store.append(
    { streamId: `joint-${++streams}`, streamType: 'Test', expectedVersion: 0, events: types.map((type) => ({ type, data: {} })) },
    { tenantId: 'demo' },
  );
  return checkpoint;
}

const reachedPosition = (at: LogCheckpoint | undefined, target: LogCheckpoint) => at !== undefined && reached(at, target);

/** Waits until the projection's stored checkpoint has passed `target`. */
const passes = (name: string, target: LogCheckpoint) =>
  expect.poll(async () => reachedPosition(await readCheckpoint(database.db, name), target), { timeout: EVENTUALLY_MS }).toBe(true);

/** A started projector with `a` in a lane of its own and `b` in the paced one. */
async function pacedProjector(a: Projection, b: Projection, restPaceMs: number): Promise<Projector> {
  const projector = new Projector({ db: database.db, store, projections: [a, b], logger: createLogger('silent'), pollMs: 0, jointGroups: [[a.name]], restPaceMs });
  await projector.start();
  return projector;
}

const positions = async (types: string[]) =>
  (await database.db('events').select('global_position', 'event_type').orderBy('global_position')).filter((e) => types.includes(e.event_type)).map((e) => `${e.event_type}@${e.global_position}`);

describe('joint projection batches', () => {
  it('applies each projection its own types, and moves every checkpoint in one transaction with the changes logged', async () => {
    const [a, b, all] = await Promise.all([recording('ja', ['A']), recording('jb', ['B']), recording('jall', 'all')]);
    expect(jointTypes([a, b])).toEqual(['A', 'B']);
    expect(jointTypes([a, all])).toBeUndefined();
    await append('A', 'B', 'C');
    const last = await append('B', 'A');

    const outcomes = await runJointBatch(database.db, store, [a, b, all], 100);

    expect(await rows(database.db, 'ja')).toEqual(await positions(['A']));
    expect(await rows(database.db, 'jb')).toEqual(await positions(['B']));
    expect(await rows(database.db, 'jall')).toEqual(await positions(['A', 'B', 'C']));
    expect(outcomes).toEqual([
      { applied: 2, read: 5, heldBack: false, checkpoint: last },
      { applied: 2, read: 5, heldBack: false, checkpoint: last },
      { applied: 5, read: 5, heldBack: false, checkpoint: last },
    ]);
    // One transaction wrote all three checkpoints: they carry its xid.
    const { rows: written } = await database.db.raw<{ rows: { name: string; xmin: string }[] }>("SELECT name, xmin::text FROM projection_checkpoints WHERE name IN ('ja', 'jb', 'jall')");
    expect(written).toHaveLength(3);
    expect(new Set(written.map((r) => r.xmin)).size).toBe(1);
    for (const name of ['ja', 'jb', 'jall']) expect(await readCheckpoint(database.db, name)).toEqual(last);
    // Each projection's change of each stream, logged once.
    const logged = await database.db('read_model_changes').whereIn('topic', ['ja', 'jb']).orderBy(['topic', 'key']).select('topic', 'key');
    expect(logged).toEqual([
      { topic: 'ja', key: 'joint-1' },
      { topic: 'ja', key: 'joint-2' },
      { topic: 'jb', key: 'joint-1' },
      { topic: 'jb', key: 'joint-2' },
    ]);
  });

  it('reads from the earliest checkpoint; each projection applies only what lies after its own, and one already past the claim stays', async () => {
    const [a, b] = await Promise.all([recording('ka', ['A']), recording('kb', ['B'])]);
    await append('A', 'B');
    const [aAt] = await runJointBatch(database.db, store, [a], 100);
    expect(aAt).toMatchObject({ applied: 1, read: 2 });
    const ahead = await append('A', 'B', 'A');

    // kb stands at the start of the log, ka five events on: a claim of two events reaches neither of ka's new ones.
    const [aFirst, bFirst] = await runJointBatch(database.db, store, [a, b], 2);
    expect(aFirst).toEqual({ applied: 0, read: 0, heldBack: false, checkpoint: (aAt as { checkpoint: LogCheckpoint }).checkpoint });
    expect(bFirst).toMatchObject({ applied: 1, read: 2 });

    // Batches until both stand at the head, together.
    for (let i = 0; i < 5; i++) await runJointBatch(database.db, store, [a, b], 2);
    expect(await readCheckpoint(database.db, 'ka')).toEqual(ahead);
    expect(await readCheckpoint(database.db, 'kb')).toEqual(ahead);
    // Each event exactly once (the tables' key would refuse a second apply), none skipped.
    expect(await rows(database.db, 'ka')).toEqual(await positions(['A']));
    expect(await rows(database.db, 'kb')).toEqual(await positions(['B']));
  });

  it("leaves out a projection whose lock another transaction holds (a rebuild), and applies the others' batches", async () => {
    const [a, b] = await Promise.all([recording('la', ['A']), recording('lb', ['B'])]);
    const head = await append('A', 'B');
    const rebuild = await database.db.transaction();
    try {
      await rebuild.raw("SELECT pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext('lb'))");
      const [aOutcome, bOutcome] = await runJointBatch(database.db, store, [a, b], 100);
      expect(aOutcome).toMatchObject({ applied: 1, checkpoint: head });
      expect(bOutcome).toBe('busy');
      expect(await readCheckpoint(database.db, 'lb')).toBeUndefined();
    } finally {
      await rebuild.rollback();
    }
    expect(await runJointBatch(database.db, store, [a, b], 100)).toEqual([
      { applied: 0, read: 0, heldBack: false, checkpoint: head },
      { applied: 1, read: 2, heldBack: false, checkpoint: head },
    ]);
    expect(await rows(database.db, 'lb')).toEqual(await positions(['B']));
  });

  it('is all or nothing: one projection failing leaves every table and checkpoint as it was', async () => {
    const [a, b] = await Promise.all([recording('ma', ['A']), recording('mb', ['B'], `joint-${streams + 2}`)]);
    await append('A', 'B');
    await append('B', 'A');
    await expect(runJointBatch(database.db, store, [a, b], 100)).rejects.toThrow(/cannot apply/);
    expect(await rows(database.db, 'ma')).toEqual([]);
    expect(await rows(database.db, 'mb')).toEqual([]);
    expect(await readCheckpoint(database.db, 'ma')).toBeUndefined();
    expect(await readCheckpoint(database.db, 'mb')).toBeUndefined();
  });

  it('in the projector: the projections woken together commit one batch together, unless joint batches are off', async () => {
    const xids = async (names: string[]) => new Set((await database.db('projection_checkpoints').whereIn('name', names).select(database.db.raw('xmin::text AS xmin'))).map((r) => r.xmin));
    for (const jointBatches of [true, false]) {
      const names = jointBatches ? ['pa', 'pb'] : ['qa', 'qb'];
      const [a, b] = await Promise.all([recording(names[0]!, ['A']), recording(names[1]!, ['B'])]);
      const projector = new Projector({ db: database.db, store, projections: [a, b], logger: createLogger('silent'), pollMs: 0, jointBatches });
      await projector.start();
      try {
        const last = await append('A', 'B');
        projector.wake(['A', 'B']);
        await projector.waitFor(a.name, last, EVENTUALLY_MS);
        await projector.waitFor(b.name, last, EVENTUALLY_MS);
      } finally {
        await projector.stop();
      }
      expect((await xids(names)).size).toBe(jointBatches ? 1 : 2);
    }
  });

  it('in the projector: a group named in jointGroups batches apart from the others, which still batch together', async () => {
    const [a, b, c] = await Promise.all([recording('ga', ['A']), recording('gb', ['B']), recording('gc', ['C'])]);
    const projector = new Projector({ db: database.db, store, projections: [a, b, c], logger: createLogger('silent'), pollMs: 0, jointGroups: [['ga']] });
    await projector.start();
    try {
      const last = await append('A', 'B', 'C');
      projector.wake(['A', 'B', 'C']);
      for (const name of ['ga', 'gb', 'gc']) await projector.waitFor(name, last, EVENTUALLY_MS);
    } finally {
      await projector.stop();
    }
    const { rows: written } = await database.db.raw<{ rows: { name: string; xmin: string }[] }>("SELECT name, xmin::text FROM projection_checkpoints WHERE name IN ('ga', 'gb', 'gc')");
    const xmin = Object.fromEntries(written.map((r) => [r.name, r.xmin]));
    expect(xmin.gb).toBe(xmin.gc);
    expect(xmin.ga).not.toBe(xmin.gb);
    expect(await rows(database.db, 'ga')).toEqual(await positions(['A']));
    expect(await rows(database.db, 'gc')).toEqual(await positions(['C']));
  });

  it('in the projector: the others than jointGroups start a batch on a wake-up at most every restPaceMs', async () => {
    const [a, recorded] = await Promise.all([recording('pga', ['A']), recording('pgb', ['B'])]);
    const started: number[] = [];
    const b: Projection = { ...recorded, apply: (event, context) => (started.push(Date.now()), recorded.apply(event, context)) };
    const projector = await pacedProjector(a, b, 300);
    try {
      // Nothing in flight from the start: every batch of the paced lane from here starts after `woken`.
      await projector.caughtUpWithLog(EVENTUALLY_MS);
      const woken = Date.now();
      const first = await append('B');
      projector.wake(['B']);
      await passes('pgb', first);
      const second = await append('A', 'B');
      projector.wake(['A', 'B']);
      // The orders-like lane goes at once; the paced one only once 300 ms have passed since its
      // last start, which was the first event's batch's, at `woken` or later.
      await passes('pga', second);
      await passes('pgb', second);
      expect(started).toHaveLength(2);
      // A timer may fire a millisecond early, and Date.now() rounds to the millisecond.
      expect(started[1]! - woken).toBeGreaterThanOrEqual(298);
    } finally {
      await projector.stop();
    }
  });

  it('in the projector: a request waiting on a paced projection starts its batch at once', async () => {
    const [a, b] = await Promise.all([recording('pwa', ['A']), recording('pwb', ['B'])]);
    const projector = await pacedProjector(a, b, 60_000);
    try {
      const first = await append('B');
      await projector.waitFor('pwb', first, EVENTUALLY_MS);
      // A wake-up now waits a minute for the pace; the request does not.
      const second = await append('B');
      projector.wake(['B']);
      await projector.waitFor('pwb', second, EVENTUALLY_MS);
      expect(await rows(database.db, 'pwb')).toEqual(await positions(['B']));
    } finally {
      await projector.stop();
    }
  });

  it('in the projector: a batch the pace put off runs when the projector stops', async () => {
    const [a, b] = await Promise.all([recording('psa', ['A']), recording('psb', ['B'])]);
    const projector = await pacedProjector(a, b, 60_000);
    const first = await append('B');
    await projector.waitFor('psb', first, EVENTUALLY_MS);
    // Put off for a minute by the pace; the stop applies it.
    const second = await append('B');
    projector.wake(['B']);
    await projector.stop();
    expect(reachedPosition(await readCheckpoint(database.db, 'psb'), second)).toBe(true);
    expect(await rows(database.db, 'psb')).toEqual(await positions(['B']));
  });

  it('in the projector: a projection a rebuild holds runs on its own once it is free, and holds up none of the others', async () => {
    const [a, b] = await Promise.all([recording('ra', ['A']), recording('rb', ['B'])]);
    const projector = new Projector({ db: database.db, store, projections: [a, b], logger: createLogger('silent'), pollMs: 0 });
    await projector.start();
    const rebuild = await database.db.transaction();
    try {
      await rebuild.raw("SELECT pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext('rb'))");
      const last = await append('A', 'B');
      projector.wake(['A', 'B']);
      await projector.waitFor('ra', last, EVENTUALLY_MS);
      expect(await rows(database.db, 'ra')).toEqual(await positions(['A']));
      await rebuild.commit();
      await projector.waitFor('rb', last, EVENTUALLY_MS);
      expect(await rows(database.db, 'rb')).toEqual(await positions(['B']));
    } finally {
      if (!rebuild.isCompleted()) await rebuild.rollback();
      await projector.stop();
    }
  });

  it("in the projector: a projection's poison event is parked while the others apply everything", async () => {
    const [healthy, poisoned] = await Promise.all([recording('na', ['A', 'B']), recording('nb', ['B'], `joint-${streams + 2}`)]);
    await append('A', 'B');
    await append('B');
    const last = await append('A', 'B');
    const projector = new Projector({ db: database.db, store, projections: [healthy, poisoned], logger: createLogger('silent'), pollMs: 50, parkAfterFailures: 3 });
    await projector.start();
    try {
      // A positive signal: both checkpoints pass the last event, the poison one included.
      await projector.waitFor('na', last, EVENTUALLY_MS);
      await projector.waitFor('nb', last, EVENTUALLY_MS);
    } finally {
      await projector.stop();
    }
    expect(await rows(database.db, 'na')).toEqual(await positions(['A', 'B']));
    const poison = await database.db('events').where({ stream_id: `joint-${streams - 1}` }).first('global_position');
    expect(await rows(database.db, 'nb')).toEqual((await positions(['B'])).filter((p) => p !== `B@${poison.global_position}`));
    expect(await database.db('parked_events').where({ follower: 'nb' }).select('global_position', 'attempts')).toEqual([{ global_position: poison.global_position, attempts: 3 }]);
  });
});
