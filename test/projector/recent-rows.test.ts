import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { runJointBatch } from '../../server/src/projector/joint-batch';
import type { Projection } from '../../server/src/projector/projection';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { KeptRows, RecentRows } from '../../server/src/projector/recent-rows';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('RecentRows', () => {
  it('keeps the newest row of each key, a bounded number per projection, dropping the least recently written', async () => {
    const recent = new RecentRows(2);
    recent.remember('p', [['a', { v: 1 }], ['b', { v: 1 }]]);
    recent.remember('p', [['a', { v: 2 }]]);
    recent.remember('p', [['c', { v: 1 }]]);
    recent.remember('q', [['a', { v: 9 }]]);
    // b was written longest ago: it made room for c. a was written again, so it stays.
    expect(await Promise.all([recent.get('p', 'a'), recent.get('p', 'b'), recent.get('p', 'c')])).toEqual([{ v: 2 }, undefined, { v: 1 }]);
    expect(await recent.get('q', 'a')).toEqual({ v: 9 });
  });

  it("answers a row offered with its batch's COMMIT under way once it commits, and drops it when it does not", async () => {
    const recent = new RecentRows();
    recent.remember('p', [['a', { v: 1 }], ['b', { v: 1 }]]);
    let commit!: (ok: boolean) => void;
    recent.remember('p', [['a', { v: 2 }], ['b', { v: 2 }]], new Promise<boolean>((resolve) => (commit = resolve)));
    const reading = recent.get('p', 'a');
    // Only the COMMIT's outcome can settle the read: with every pending callback run, it has not.
    const unsettled = Symbol('unsettled');
    expect(await Promise.race([reading, new Promise((resolve) => setImmediate(() => resolve(unsettled)))])).toBe(unsettled);
    commit(true);
    expect(await reading).toEqual({ v: 2 });

    let fail!: (ok: boolean) => void;
    recent.remember('p', [['b', { v: 3 }]], new Promise<boolean>((resolve) => (fail = resolve)));
    const failing = recent.get('p', 'b');
    fail(false);
    // Neither the row of the failed batch nor (replaced by it) the one before: the caller reads the table.
    expect(await failing).toBeUndefined();
    expect(await recent.get('p', 'b')).toBeUndefined();
    expect(await recent.get('p', 'a')).toEqual({ v: 2 });
  });

  it('offers a batch its rows, less those a failed step offered', async () => {
    const recent = new RecentRows();
    const kept = new KeptRows();
    kept.keeperFor('p')('a', { v: 1 });
    const before = kept.size;
    kept.keeperFor('p')('b', { v: 1 });
    kept.truncate(before);
    kept.keeperFor('q')('c', { v: 1 });
    expect(await recent.get('p', 'a')).toBeUndefined();
    kept.offerTo(recent, Promise.resolve());
    expect(await Promise.all([recent.get('p', 'a'), recent.get('p', 'b'), recent.get('q', 'c')])).toEqual([{ v: 1 }, undefined, { v: 1 }]);
  });
});

describe('rows kept by projection batches (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: EventStore;
  beforeEach(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.db);
  });
  afterEach(() => database.drop());

  /**
   * Keeps one row per stream (the stream's last type). After keeping it, an event of type `Bad`
   * throws; one of type `Late` writes a row that breaks a deferred constraint, so only the COMMIT fails.
   */
  const keeping = (name: string): Projection => ({
    name,
    tables: [],
    eventTypes: ['A', 'Bad', 'Late'],
    async apply(event, { trx, keep }) {
      keep?.(event.streamId, { type: event.type, version: event.streamVersion });
      if (event.type === 'Bad') throw new Error('cannot apply Bad');
      if (event.type === 'Late') await trx('late_rows').insert([{ id: 1 }, { id: 1 }]);
    },
  });

  let streams = 0;
  const append = (...types: string[]) =>
    store.append({ streamId: `kept-${++streams}`, streamType: 'Test', expectedVersion: 0, events: types.map((type) => ({ type, data: {} })) }, { tenantId: 'demo' });

  it('a batch that commits leaves its rows kept; one whose COMMIT fails leaves none of its own, in a joint batch or alone', async () => {
    await database.db.raw('CREATE TABLE late_rows (id integer, CONSTRAINT late_once UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)');
    const recent = new RecentRows();
    await append('A', 'A');
    await runJointBatch(database.db, store, [keeping('k1'), keeping('k2')], 100, recent);
    expect(await recent.get('k1', 'kept-1')).toEqual({ type: 'A', version: 2 });
    expect(await recent.get('k2', 'kept-1')).toEqual({ type: 'A', version: 2 });

    await append('A', 'Late');
    await expect(runJointBatch(database.db, store, [keeping('k1'), keeping('k2')], 100, recent)).rejects.toThrow('late_once');
    await expect(runProjectionBatch(database.db, store, keeping('k1'), 100, undefined, recent)).rejects.toThrow('late_once');
    expect(await recent.get('k1', 'kept-2')).toBeUndefined();
    expect(await recent.get('k2', 'kept-2')).toBeUndefined();
    expect(await recent.get('k1', 'kept-1')).toEqual({ type: 'A', version: 2 });
  });

  it('an event parked in isolation takes back what it kept; the events applied beside it stay kept', async () => {
    const recent = new RecentRows();
    const { FailureCounter } = await import('../../server/src/projector/parking');
    await append('A');
    await append('Bad');
    const result = await runProjectionBatch(database.db, store, keeping('k3'), 100, { failures: new FailureCounter(), parkAfter: 1 }, recent);
    expect(result.parked).toBe(1);
    expect(await recent.get('k3', `kept-${streams - 1}`)).toEqual({ type: 'A', version: 1 });
    expect(await recent.get('k3', `kept-${streams}`)).toBeUndefined();
  });
});
