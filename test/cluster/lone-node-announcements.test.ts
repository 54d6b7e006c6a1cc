import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsNotification } from '../../server/src/eventstore/event-store';
import { startTestApp, type TestApp } from '../support/app';
import { listenToAppends } from '../support/events-listener';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;
let listener: pg.Client;
let received: EventsNotification[];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  testApp = await startTestApp();
  ({ received, client: listener, end: stopListening } = await listenToAppends(testApp.database.url));
});
afterAll(async () => {
  await stopListening();
  await testApp.stop();
});

const createOrder = () => testApp.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');

describe("a node's NOTIFY of its appends", () => {
  it('is not sent while the node is the only one live, and is once another node is', async () => {
    // The answer shows the order projected: this node's own followers were woken without a NOTIFY.
    await createOrder();
    await testApp.app.store.announcer.flush();
    // Every notification committed before this statement ends has reached the listener.
    await listener.query('SELECT 1');
    expect(received).toEqual([]);

    // A second node on the same database.
    const other = await startTestApp({ database: testApp.database });
    try {
      // Counted within the presence's recount interval: from then on each append is announced.
      await expect
        .poll(
          async () => {
            await createOrder();
            await testApp.app.store.announcer.flush();
            await listener.query('SELECT 1');
            return received.length;
          },
          { timeout: EVENTUALLY_MS, interval: 100 },
        )
        .toBeGreaterThan(0);
      expect(received.some((n) => testApp.app.store.announcer.isOwn(n))).toBe(true);
    } finally {
      await other.stop();
    }
  });
});
