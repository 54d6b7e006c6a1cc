import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore, type EventsNotification } from '../../server/src/eventstore/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { listenToAppends } from '../support/events-listener';
import { EVENTUALLY_MS } from '../support/eventually';

let database: TestDatabase;
let listener: pg.Client;
let received: EventsNotification[];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ received, client: listener, end: stopListening } = await listenToAppends(database.url));
});
afterAll(async () => {
  await stopListening();
  await database.drop();
});

describe('announcing appends', () => {
  it('wakes this process at once, and other processes with one NOTIFY per tick after the commit', async () => {
    const store = new EventStore(database.db, { announceTickMs: 50 });
    const inProcess: EventsNotification[] = [];
    store.onAppended((notification) => inProcess.push(notification));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append({ streamId: `announced-${i}`, streamType: 'Test', expectedVersion: 0, events: [{ type: i === 19 ? 'Last' : 'Happened', data: { i } }] }, { tenantId: 'shop-a' }),
      ),
    );
    // In process: one wake-up per append, as each commits.
    expect(inProcess).toHaveLength(20);
    // Other processes: the tick's appends in one notification (or very few), naming tenant, types and node.
    await expect.poll(() => received.some((n) => n.types.includes('Last')), { timeout: EVENTUALLY_MS }).toBe(true);
    expect(received.length).toBeLessThanOrEqual(2);
    expect(received.every((n) => n.tenantId === 'shop-a' && n.node === store.announcer.nodeId)).toBe(true);
    expect(new Set(received.flatMap((n) => n.types))).toEqual(new Set(['Happened', 'Last']));
    expect(store.announcer.isOwn(received[0]!)).toBe(true);
    expect(new EventStore(database.db).announcer.isOwn(received[0]!)).toBe(false);
  });

  it('announces nothing for an append that fails', async () => {
    const store = new EventStore(database.db, { announceTickMs: 1 });
    const inProcess: EventsNotification[] = [];
    store.onAppended((notification) => inProcess.push(notification));
    await store.append({ streamId: 'fails-once', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: {} }] }, { tenantId: 'shop-b' });
    await expect(store.append({ streamId: 'fails-once', streamType: 'Test', expectedVersion: 0, events: [{ type: 'Happened', data: {} }] }, { tenantId: 'shop-b' })).rejects.toMatchObject({
      name: 'ConcurrencyError',
    });
    expect(inProcess).toHaveLength(1);
  });

  it('announces nothing while no other process follows the log, and the appends of a tick again once one does', async () => {
    const store = new EventStore(database.db, { announceTickMs: 1 });
    let othersListen = false;
    store.announcer.onlyWhen(() => othersListen);
    const inProcess: EventsNotification[] = [];
    store.onAppended((notification) => inProcess.push(notification));
    const append = (type: string) => store.append({ streamId: `alone-${type}`, streamType: 'Test', expectedVersion: 0, events: [{ type, data: {} }] }, { tenantId: 'shop-c' });
    await append('WhileAlone');
    await store.announcer.flush();
    othersListen = true;
    await append('WithOthers');
    await store.announcer.flush();
    // The listener has taken every notification committed before its own next statement ends.
    await listener.query('SELECT 1');
    const ofShop = received.filter((n) => n.tenantId === 'shop-c');
    expect(ofShop.flatMap((n) => n.types)).toEqual(['WithOthers']);
    // This process is woken either way.
    expect(inProcess.map((n) => n.types[0])).toEqual(['WhileAlone', 'WithOthers']);
  });
});
