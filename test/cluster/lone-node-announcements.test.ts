import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL, parseEventsNotification, type EventsNotification } from '../../server/src/eventstore/event-store';
import { startTestApp, type TestApp } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;
let listener: pg.Client;
const received: EventsNotification[] = [];

beforeAll(async () => {
  testApp = await startTestApp();
  listener = new pg.Client({ connectionString: testApp.database.url });
  await listener.connect();
  listener.on('notification', (message) => {
    const notification = parseEventsNotification(message.payload);
    if (notification) received.push(notification);
  });
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
});
afterAll(async () => {
  await listener.end();
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
