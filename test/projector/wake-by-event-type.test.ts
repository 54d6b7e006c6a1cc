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

/** Gives a wrongly woken follower time to show itself; nothing else can move it (the poll is off). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
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
    // Counts 'Happened' events only; the poll is off, so only wake-ups move it.
    const counting = await createCountingProjection(database.db, 'typed');
    projector = new Projector({ db: database.db, store, projections: [counting], logger: createLogger('silent'), pollMs: 0 });
    await projector.start();

    await store.append({ streamId: 'w-1', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n: 1 } }] }, { tenantId: 'demo' });
    projector.wake(['SomethingElse']);
    await settle();
    expect(await projectedRows(database.db, 'typed')).toEqual([]);

    projector.wake(['SomethingElse', 'Happened']);
    await rowsBecome([1]);

    await store.append({ streamId: 'w-2', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: { n: 2 } }] }, { tenantId: 'demo' });
    projector.wake();
    await rowsBecome([1, 2]);
  });
});
