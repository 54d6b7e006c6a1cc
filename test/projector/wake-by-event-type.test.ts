import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { announcedEventTypes, EventStore } from '../../server/src/eventstore/event-store';
import { Projector } from '../../server/src/projector/projector';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCountingProjection, projectedRows } from '../support/test-projection';
import { EVENTUALLY_MS } from '../support/eventually';

let database: TestDatabase;
let store: EventStore;
let projector: Projector | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(async () => {
  await projector?.stop();
  await database.drop();
});

/** Polls the read table only: `projector.waitFor` would itself wake the follower and prove nothing. */
const rowsBecome = (expected: number[]) =>
  vi.waitFor(async () => expect((await projectedRows(database.db, 'typed')).map((r) => r.n)).toEqual(expected), { timeout: EVENTUALLY_MS, interval: 50 });

describe('waking followers by the event types a commit announces', () => {
  it('reads the types from the notification payload, and says nothing for a payload without them', () => {
    expect(announcedEventTypes(JSON.stringify({ tenantId: 'demo', types: ['A', 'B'] }))).toEqual(['A', 'B']);
    expect(announcedEventTypes('demo')).toBeUndefined();
    expect(announcedEventTypes(JSON.stringify({ tenantId: 'demo', types: [1] }))).toBeUndefined();
  });

  it('runs only the followers acting on an announced type; the others catch up when woken without types', async () => {
    // Counts 'Happened' events only; the poll is off, so only wake-ups move it. A sentinel acting
    // on 'SomethingElse' is woken where it is not: its batch passing the event is the signal that
    // the wake-up was handled. Each in a batch of its own (joint batches run every projection).
    const counting = await createCountingProjection(database.db, 'typed');
    const sentinel = { ...(await createCountingProjection(database.db, 'sentinel')), eventTypes: ['SomethingElse'] };
    projector = new Projector({ db: database.db, store, projections: [counting, sentinel], logger: createLogger('silent'), pollMs: 0, jointBatches: false });
    await projector.start();

    const first = await store.append({ streamId: 'w-1', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n: 1 } }] }, { tenantId: 'demo' });
    projector.wake(['SomethingElse']);
    // waitFor sets only the sentinel going: it runs the follower it waits on.
    await projector.waitFor('sentinel', first.checkpoint, EVENTUALLY_MS);
    expect(await projectedRows(database.db, 'typed')).toEqual([]);

    projector.wake(['SomethingElse', 'Happened']);
    await rowsBecome([1]);

    await store.append({ streamId: 'w-2', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n: 2 } }] }, { tenantId: 'demo' });
    projector.wake();
    await rowsBecome([1, 2]);
  });
});
