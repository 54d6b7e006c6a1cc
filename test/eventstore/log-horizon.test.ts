import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { LogCheckpoint } from '../../server/src/eventstore/types';
import { Projector } from '../../server/src/projector/projector';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, projectedRows } from '../support/test-projection';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const happened = (n: number) => [{ type: 'Happened', data: { n } }];

/** A session of its own that holds a transaction open, with a transaction id, until `end()`. */
async function openWritingTransaction(connectionString: string, write: string): Promise<{ xid: string; end(): Promise<void> }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('BEGIN');
  await client.query(write);
  const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id_if_assigned()::text AS xid');
  return {
    xid: rows[0]!.xid,
    async end() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

async function checkpointBeforeNext(): Promise<LogCheckpoint> {
  const head = await store.head();
  return head ?? { transactionId: '0', position: 0 };
}

describe('the log horizon', () => {
  it('is not held back by transactions that do not append: another table, another database, a row lock', async () => {
    await database.db.raw('CREATE TABLE unrelated_work (n integer)');
    const otherDatabase = new URL(inject('pgAdminUrl'));
    const blockers = [
      await openWritingTransaction(database.url, 'INSERT INTO unrelated_work VALUES (1)'),
      await openWritingTransaction(otherDatabase.toString(), 'SELECT pg_current_xact_id()'),
      await openWritingTransaction(database.url, "INSERT INTO projection_checkpoints (name) VALUES ('someone-elses') ON CONFLICT DO NOTHING"),
    ];
    try {
      // Each really holds a transaction id, so the old horizon (pg_snapshot_xmin) would have waited for all of them.
      for (const blocker of blockers) expect(blocker.xid).toMatch(/^\d+$/);
      const after = await checkpointBeforeNext();
      const appended = await store.append({ streamId: 'unblocked-1', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo' });

      // Readable at once, while every one of them is still open.
      const read = await store.readAll({ after, limit: 10 });
      expect(read.map((e) => e.position)).toEqual([appended.checkpoint.position]);

      // And a live projector catches up past it meanwhile.
      const projection = await createCountingProjection(database.db, 'unblocked');
      const projector = new Projector({ db: database.db, store, projections: [projection], logger: createLogger('silent'), pollMs: 0 });
      await projector.start();
      try {
        await projector.waitFor('unblocked', appended.checkpoint, 5_000);
        expect((await projectedRows(database.db, 'unblocked')).map((r) => r.stream_id)).toContain('unblocked-1');
      } finally {
        await projector.stop();
      }
    } finally {
      for (const blocker of blockers) await blocker.end();
    }
  });

  it('holds readers at a running append, and releases them in commit order once it commits', async () => {
    const after = await checkpointBeforeNext();
    const open = await database.db.transaction();
    await store.append({ streamId: 'slow-appender', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo', trx: open });
    const quick = await store.append({ streamId: 'quick-appender', streamType: 'Test', expectedVersion: 0, events: happened(2) }, { tenantId: 'demo' });

    expect(await store.readAll({ after, limit: 10 })).toEqual([]);
    expect(await store.hasHeldBackEvents(after)).toBe(true);

    await open.commit();
    const read = await store.readAll({ after, limit: 10 });
    expect(read.map((e) => e.streamId)).toEqual(['slow-appender', 'quick-appender']);
    expect(read.at(-1)!.position).toBe(quick.checkpoint.position);
  });

  it("is held back by no appender of another database on the server: only this database's appends count", async () => {
    const other = await createTestDatabase();
    const elsewhere = await other.db.transaction();
    try {
      // An append in another database, running (its xid is older than the next one here) and held open.
      await new EventStore(other.db).append({ streamId: 'other-database', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo', trx: elsewhere });
      const after = await checkpointBeforeNext();
      await store.append({ streamId: 'not-held-back', streamType: 'Test', expectedVersion: 0, events: happened(2) }, { tenantId: 'demo' });
      expect((await store.readAll({ after, limit: 10 })).map((e) => e.streamId)).toEqual(['not-held-back']);
    } finally {
      await elsewhere.rollback();
      await other.drop();
    }
  });

  it('lets readers pass an appender that has no transaction id yet: it will get a later one', async () => {
    const after = await checkpointBeforeNext();
    // The appender holds the append lock but has not written yet (no xid).
    const early = await database.db.transaction();
    await early.raw('SELECT pg_advisory_xact_lock_shared(1869767779, 1)');
    const committed = await store.append({ streamId: 'passes-early', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo' });
    const first = await store.readAll({ after, limit: 10 });
    expect(first.map((e) => e.streamId)).toEqual(['passes-early']);

    await store.append({ streamId: 'written-late', streamType: 'Test', expectedVersion: 0, events: happened(2) }, { tenantId: 'demo', trx: early });
    await early.commit();
    const next = await store.readAll({ after: committed.checkpoint, limit: 10 });
    // Nothing was skipped: the late writer's event comes after the checkpoint the reader already passed.
    expect(next.map((e) => e.streamId)).toEqual(['written-late']);
  });

  it('refuses an append that is not the first write of its transaction, and appends nothing', async () => {
    await database.db.raw('CREATE TABLE IF NOT EXISTS written_first (n integer)');
    const trx = await database.db.transaction();
    await trx('written_first').insert({ n: 1 });
    await expect(store.append({ streamId: 'too-late', streamType: 'Test', expectedVersion: 0, events: happened(1) }, { tenantId: 'demo', trx })).rejects.toThrow(
      /first write of its transaction/,
    );
    await trx.rollback();
    expect(await store.readStream('too-late', { tenantId: 'demo' })).toEqual([]);
  });

  it('appends to several streams in one call, all or nothing', async () => {
    await store.append({ streamId: 'multi-b', streamType: 'Test', expectedVersion: 0, events: happened(0) }, { tenantId: 'demo' });
    const result = await store.appendToStreams([
      { streamId: 'multi-a', streamType: 'Test', expectedVersion: 0, events: [...happened(1), ...happened(2)] },
      { streamId: 'multi-b', streamType: 'Test', expectedVersion: 1, events: happened(3) },
    ], { tenantId: 'demo' });
    expect(result.versions).toEqual({ 'multi-a': 2, 'multi-b': 2 });
    expect(result.events.map((e) => [e.streamId, e.streamVersion, (e.data as { n: number }).n])).toEqual([
      ['multi-a', 1, 1],
      ['multi-a', 2, 2],
      ['multi-b', 2, 3],
    ]);
    await expect(
      store.appendToStreams([
        { streamId: 'multi-c', streamType: 'Test', expectedVersion: 0, events: happened(4) },
        { streamId: 'multi-b', streamType: 'Test', expectedVersion: 1, events: happened(5) },
      ], { tenantId: 'demo' }),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', streamId: 'multi-b' });
    expect(await store.readStream('multi-c', { tenantId: 'demo' })).toEqual([]);
  });
});
