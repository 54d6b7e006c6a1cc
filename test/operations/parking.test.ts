import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ParkedEvents } from '../../server/src/operations/parked-events';
import type { Projection } from '../../server/src/projector/projection';
import type { ProcessManager } from '../../server/src/process/process-manager';
import { ProcessManagerRunner } from '../../server/src/process/process-manager-runner';
import { readCheckpoint } from '../../server/src/projector/checkpoints';
import { EVENTUALLY_MS } from '../support/eventually';
import { Projector } from '../../server/src/projector/projector';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, projectedRows } from '../support/test-projection';

let database: TestDatabase;
let store: EventStore;
const logger = createLogger('silent');
const running: Projector[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await database.drop();
});

const operator = (tenantId: string) => ({ tenantId, metadata: { actor: 'user:operator', correlationId: 'test' } });

async function append(n: number, tenantId: string) {
  return store.append({ streamId: `s-${tenantId}-${n}`, streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n } }] }, { tenantId });
}

async function follow(projection: Projection, target: Awaited<ReturnType<typeof append>>) {
  const projector = new Projector({ db: database.db, store, projections: [projection], logger, pollMs: 50, parkAfterFailures: 3 });
  running.push(projector);
  await projector.start();
  await projector.waitFor(projection.name, target.checkpoint);
  return projector;
}

describe('parking an event a projection cannot apply', () => {
  it("parks shop A's poison event after three failures, applies the rest and shop B's events, and a retry after the fix applies it once", async () => {
    const bug = { present: true };
    const projection = await createCountingProjection(database.db, 'poisoned', { failOn: (n) => bug.present && n === 5 });
    for (let n = 1; n <= 4; n++) await append(n, 'shop-b');
    const poison = await append(5, 'shop-a');
    for (let n = 6; n <= 7; n++) await append(n, 'shop-b');
    const last = await append(8, 'shop-a');

    // A positive signal: the checkpoint passes the last event, the poison event included.
    await follow(projection, last);
    expect((await projectedRows(database.db, 'poisoned')).map((r) => r.n)).toEqual([1, 2, 3, 4, 6, 7, 8]);

    const parked = new ParkedEvents(database.db, store, [projection]);
    const open = await parked.open('shop-a');
    expect(open).toEqual([
      expect.objectContaining({ follower: 'poisoned', position: poison.checkpoint.position, eventType: 'Happened', attempts: 3, error: expect.stringContaining('simulated crash while applying event 5') }),
    ]);
    // Operators see and decide on their own shop's parked events only.
    expect(await parked.open('shop-b')).toEqual([]);
    await expect(parked.retry('poisoned', poison.checkpoint.position, operator('shop-b'))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Still broken: the retry changes nothing, records nothing, and the event stays parked.
    const eventsBefore = await database.db('events').count<{ count: string }[]>('* as count');
    await expect(parked.retry('poisoned', poison.checkpoint.position, operator('shop-a'))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(await database.db('events').count('* as count')).toEqual(eventsBefore);
    expect(await parked.open('shop-a')).toHaveLength(1);

    bug.present = false;
    await parked.retry('poisoned', poison.checkpoint.position, operator('shop-a'));
    expect((await projectedRows(database.db, 'poisoned')).map((r) => r.n).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await parked.open('shop-a')).toEqual([]);
    const decisions = await database.db('events').where({ stream_type: 'ParkedEvent' }).select('event_type', 'tenant_id', 'data', 'metadata');
    expect(decisions).toEqual([
      expect.objectContaining({ event_type: 'ParkedEventRetried', tenant_id: 'shop-a', data: { follower: 'poisoned', position: poison.checkpoint.position, eventType: 'Happened' }, metadata: expect.objectContaining({ actor: 'user:operator' }) }),
    ]);
    // Exactly once: a second retry finds nothing open.
    await expect(parked.retry('poisoned', poison.checkpoint.position, operator('shop-a'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('skips a parked event on an operator\'s word, recorded as an event', async () => {
    const projection = await createCountingProjection(database.db, 'skipping', { failOn: (n) => n === 12 });
    await append(11, 'shop-c');
    const bad = await append(12, 'shop-c');
    await follow(projection, bad);
    const parked = new ParkedEvents(database.db, store, [projection]);
    expect(await parked.open('shop-c')).toHaveLength(1);
    await parked.skip('skipping', bad.checkpoint.position, operator('shop-c'));
    expect(await parked.open('shop-c')).toEqual([]);
    // (Earlier tests' events are in the log too: this projection applied them as well.)
    expect((await projectedRows(database.db, 'skipping')).map((r) => r.n).filter((n) => n > 10)).toEqual([11]);
    expect(await database.db('events').where({ event_type: 'ParkedEventSkipped', tenant_id: 'shop-c' }).count('* as count')).toEqual([{ count: 1 }]);
  });

  it('never parks an event because the database failed: transient errors are retried until they pass', async () => {
    await database.db.raw('CREATE TABLE flaky_rows (n integer PRIMARY KEY)');
    let outages = 4;
    const flaky: Projection = {
      name: 'flaky',
      tables: ['flaky_rows'],
      eventTypes: ['Happened'],
      async apply(event, { trx }) {
        const n = (event.data as { n: number }).n;
        if (n === 22 && outages-- > 0) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        await trx('flaky_rows').insert({ n });
      },
    };
    await append(21, 'shop-d');
    await append(22, 'shop-d');
    const last = await append(23, 'shop-d');
    await follow(flaky, last);
    expect((await database.db('flaky_rows').select('n').orderBy('n')).map((r) => r.n).filter((n) => n > 20)).toEqual([21, 22, 23]);
    expect(await database.db('parked_events').where({ follower: 'flaky' })).toEqual([]);
    expect(outages).toBeLessThan(0);
  });

  it('parks an event a process manager keeps failing on, goes on with that partition, and a retry after the fix handles it', async () => {
    const bug = { present: true };
    const handled: string[] = [];
    const manager: ProcessManager = {
      name: 'process:parking',
      eventTypes: ['Happened'],
      partitionOf: (event) => event.streamId,
      async handle(event) {
        const n = (event.data as { n: number }).n;
        if (n === 31 && bug.present) throw new Error('gateway refused the request for 31');
        if (n >= 30) handled.push(`${n}`);
      },
    };
    await append(30, 'shop-e');
    const poison = await append(31, 'shop-e');
    const last = await append(32, 'shop-e');
    const runner = new ProcessManagerRunner({ db: database.db, store, manager, logger, retryMs: 5, parkAfterFailures: 3 });
    try {
      await runner.runBatch(500);
      // Positive signal: the checkpoint passes the last event, the failing one included.
      await expect.poll(async () => (await readCheckpoint(database.db, 'process:parking'))?.position ?? 0, { timeout: EVENTUALLY_MS }).toBeGreaterThanOrEqual(last.checkpoint.position);
    } finally {
      await runner.stop();
    }
    expect(handled.sort()).toEqual(['30', '32']);
    const parked = new ParkedEvents(database.db, store, [], [manager]);
    expect(await parked.open('shop-e')).toEqual([expect.objectContaining({ follower: 'process:parking', position: poison.checkpoint.position, attempts: 3, error: expect.stringContaining('gateway refused') })]);

    await expect(parked.retry('process:parking', poison.checkpoint.position, operator('shop-e'))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    bug.present = false;
    await parked.retry('process:parking', poison.checkpoint.position, operator('shop-e'));
    expect(handled.sort()).toEqual(['30', '31', '32']);
    expect(await parked.open('shop-e')).toEqual([]);
  });
});
