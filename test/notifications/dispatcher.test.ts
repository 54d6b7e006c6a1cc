import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../server/src/notifications/backoff';
import { NotificationDispatcher, type DispatcherOptions } from '../../server/src/notifications/dispatcher';
import type { NotificationSender } from '../../server/src/notifications/sender';
import { TableNotificationSender } from '../../server/src/notifications/table-sender';
import type { EventStore } from '../../server/src/eventstore/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { logger, notificationIds, ObservedSender, outbox, placeOrders, storeWithOutbox, until } from './fixtures';

let database: TestDatabase;
let store: EventStore;
const dispatchers: NotificationDispatcher[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  store = storeWithOutbox(database.db);
});
afterAll(() => database.drop());
// Each test starts from an empty outbox and mailbox.
beforeEach(async () => {
  await database.db('notifications').delete();
  await database.db('notification_outbox').delete();
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
});

function dispatcher(sender: NotificationSender, options: Partial<DispatcherOptions> = {}) {
  const created = new NotificationDispatcher({ db: database.db, sender, logger, intervalMs: 0, ...options });
  dispatchers.push(created);
  return created;
}

const defaultSender = () => new TableNotificationSender(logger);

async function allDispatched(): Promise<boolean> {
  return (await outbox(database.db)).every((r) => r.dispatched_at !== null);
}

/** Every queued notification was delivered, each exactly once and at the first attempt. */
async function expectEachSentOnce(count: number) {
  const rows = await outbox(database.db);
  expect(rows).toHaveLength(count);
  expect(await notificationIds(database.db)).toEqual(rows.map((r) => r.id).sort());
  for (const row of rows) expect(row).toMatchObject({ attempts: 1, last_error: null, claimed_until: null });
  for (const row of rows) expect(row.dispatched_at).not.toBeNull();
}

describe('notification dispatcher', () => {
  it('sends each notification exactly once when stopped mid-batch and started again', async () => {
    await placeOrders(store, 12);
    let stopping: Promise<void> | undefined;
    const first = dispatcher(
      new ObservedSender((count) => {
        if (count === 4) stopping = first.stop();
      }),
      { batchSize: 10 },
    );
    first.start();
    await until(async () => stopping !== undefined);
    await stopping;

    expect(await notificationIds(database.db)).toHaveLength(4);
    const left = (await outbox(database.db)).filter((r) => r.dispatched_at === null);
    expect(left).toHaveLength(8);
    // Handed back, not left leased: the next dispatcher takes them at once.
    for (const row of left) expect(row).toMatchObject({ claimed_until: null, attempts: 0 });

    const second = dispatcher(defaultSender(), { batchSize: 10 });
    second.start();
    await until(allDispatched);
    await second.stop();
    await expectEachSentOnce(12);
  });

  it('sends each notification exactly once when a dispatcher dies between claiming and sending', async () => {
    await placeOrders(store, 5);
    const crashed = dispatcher(defaultSender(), { leaseMs: 300 });
    expect(await crashed.claim()).toHaveLength(5);
    // It dies here: nothing sent, nothing handed back. The lease keeps the others off until it runs out.
    const survivor = dispatcher(defaultSender(), { leaseMs: 300 });
    expect(await survivor.dispatchBatch()).toBe(0);
    await until(async () => (await survivor.dispatchBatch()) > 0);
    await until(allDispatched);
    await expectEachSentOnce(5);
  });

  it('rolls back a delivery whose sender fails after writing, and sends it once on the retry', async () => {
    await placeOrders(store, 5);
    let failNext = true;
    const sender = new ObservedSender((count) => {
      if (count === 3 && failNext) {
        failNext = false;
        throw new Error('connection reset mid-send');
      }
    });
    const d = dispatcher(sender, { backoff: { baseMs: 0, maxMs: 0 } });
    expect(await d.dispatchBatch()).toBe(5);
    expect(await notificationIds(database.db)).toHaveLength(4);
    const failed = (await outbox(database.db)).find((r) => r.dispatched_at === null)!;
    expect(failed).toMatchObject({ attempts: 1, last_error: 'connection reset mid-send', failed_at: null });

    expect(await d.dispatchBatch()).toBe(1);
    const rows = await outbox(database.db);
    expect(await notificationIds(database.db)).toEqual(rows.map((r) => r.id).sort());
    expect(rows.find((r) => r.id === failed.id)).toMatchObject({ attempts: 2, last_error: null });
    expect(rows.every((r) => r.dispatched_at !== null)).toBe(true);
  });

  it('delivers a claimed batch through sendAll in one transaction, each notification once', async () => {
    await placeOrders(store, 5);
    const batches: number[] = [];
    const table = defaultSender();
    const sender: NotificationSender = {
      send: () => Promise.reject(new Error('sent one by one')),
      sendAll: (messages, trx) => {
        batches.push(messages.length);
        return table.sendAll(messages, trx);
      },
    };
    const d = dispatcher(sender);
    expect(await d.dispatchBatch()).toBe(5);
    expect(batches).toEqual([5]);
    await expectEachSentOnce(5);
    expect(await d.dispatchBatch()).toBe(0);
  });

  it('delivers a batch whose write fails message by message: the bad one is retried alone, nothing of the batch is left written', async () => {
    const orderIds = await placeOrders(store, 5);
    const poisoned = orderIds[2]!;
    const table = defaultSender();
    let batchWrites = 0;
    const sender: NotificationSender = {
      async send(message, trx) {
        if (message.orderId === poisoned) throw new Error('template failed to render');
        await table.send(message, trx);
      },
      async sendAll(messages, trx) {
        // Writes the batch, then fails: the rollback must take the rows with it.
        await table.sendAll(messages, trx);
        batchWrites++;
        if (messages.some((m) => m.orderId === poisoned)) throw new Error('template failed to render');
      },
    };
    const d = dispatcher(sender, { backoff: { baseMs: 0, maxMs: 0 } });
    expect(await d.dispatchBatch()).toBe(5);
    expect(batchWrites).toBe(1);
    const rows = await outbox(database.db);
    const bad = rows.find((r) => r.order_id === poisoned)!;
    expect(bad).toMatchObject({ attempts: 1, last_error: 'template failed to render', dispatched_at: null });
    const good = rows.filter((r) => r.order_id !== poisoned);
    // Once each, at the first attempt: the failed batch counted for none of them.
    for (const row of good) expect(row).toMatchObject({ attempts: 1, last_error: null });
    expect(await notificationIds(database.db)).toEqual(good.map((r) => r.id).sort());
  });

  it('shares the work between concurrent dispatchers without sending anything twice', async () => {
    await placeOrders(store, 30);
    const a = dispatcher(defaultSender(), { batchSize: 4 });
    const b = dispatcher(defaultSender(), { batchSize: 4 });
    a.start();
    b.start();
    await until(allDispatched);
    await Promise.all([a.stop(), b.stop()]);
    await expectEachSentOnce(30);
  });

  it('retries a failing sender with exponential backoff until it succeeds', async () => {
    const [orderId] = await placeOrders(store, 1);
    let calls = 0;
    const flaky: NotificationSender = {
      async send(message, trx) {
        calls++;
        if (calls <= 2) throw new Error(`mail server down (${calls})`);
        await defaultSender().send(message, trx);
      },
    };
    const d = dispatcher(flaky, { backoff: { baseMs: 60_000, maxMs: 600_000 } });
    const delay = async () => {
      const { rows } = await database.db.raw<{ rows: { ms: number }[] }>('SELECT EXTRACT(EPOCH FROM next_attempt_at - now()) * 1000 AS ms FROM notification_outbox');
      return Number(rows[0]!.ms);
    };
    const due = () => database.db('notification_outbox').update({ next_attempt_at: database.db.fn.now() });

    expect(await d.dispatchBatch()).toBe(1);
    expect((await outbox(database.db))[0]).toMatchObject({ attempts: 1, last_error: 'mail server down (1)', dispatched_at: null });
    expect(await delay()).toBeGreaterThan(50_000);
    expect(await delay()).toBeLessThanOrEqual(60_000);
    // Not due yet: nothing to claim until the backoff has passed.
    expect(await d.dispatchBatch()).toBe(0);

    await due();
    expect(await d.dispatchBatch()).toBe(1);
    expect((await outbox(database.db))[0]).toMatchObject({ attempts: 2, last_error: 'mail server down (2)' });
    expect(await delay()).toBeGreaterThan(110_000);
    expect(await delay()).toBeLessThanOrEqual(120_000);

    await due();
    expect(await d.dispatchBatch()).toBe(1);
    expect((await outbox(database.db))[0]).toMatchObject({ attempts: 3, last_error: null, failed_at: null });
    expect(await database.db('notifications').where({ order_id: orderId })).toHaveLength(1);
    expect(calls).toBe(3);
  });

  it('retries on its own when running, and gives up on a sender that hangs', async () => {
    await placeOrders(store, 2);
    let calls = 0;
    const hangsOnce: NotificationSender = {
      async send(message, trx) {
        calls++;
        if (calls === 1) return new Promise<void>(() => {});
        await defaultSender().send(message, trx);
      },
    };
    const d = dispatcher(hangsOnce, { intervalMs: 10, sendTimeoutMs: 200, backoff: { baseMs: 10, maxMs: 10 } });
    d.start();
    await until(allDispatched);
    await d.stop();
    const rows = await outbox(database.db);
    expect(await notificationIds(database.db)).toEqual(rows.map((r) => r.id).sort());
    expect(rows.map((r) => r.attempts).sort()).toEqual([1, 2]);
  });

  it('gathers the wake-ups of a moment into one look: the messages queued meanwhile go in one batch', async () => {
    const claims: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (/^UPDATE notification_outbox SET claimed_until = now\(\)/.test(query.sql)) claims.push(query.sql);
    };
    database.db.on('query', onQuery);
    try {
      await placeOrders(store, 4);
      const d = dispatcher(defaultSender(), { gatherMs: 200 });
      d.start();
      for (let i = 0; i < 3; i++) d.wake();
      await until(allDispatched);
      expect(claims).toHaveLength(1);
      await expectEachSentOnce(4);

      // Without gathering, each wake-up looks at once.
      claims.length = 0;
      const eager = dispatcher(defaultSender(), { gatherMs: 0 });
      await d.stop();
      eager.start();
      await until(() => Promise.resolve(claims.length === 1));
      await placeOrders(store, 1);
      eager.wake();
      await until(allDispatched);
      expect(claims).toHaveLength(2);
    } finally {
      database.db.off('query', onQuery);
    }
  });

  it('sets a notification aside after too many failed attempts', async () => {
    await placeOrders(store, 1);
    const broken: NotificationSender = {
      async send() {
        throw new Error('no such mailbox');
      },
    };
    const d = dispatcher(broken, { maxAttempts: 2, backoff: { baseMs: 0, maxMs: 0 } });
    expect(await d.dispatchBatch()).toBe(1);
    expect(await d.dispatchBatch()).toBe(1);
    expect(await d.dispatchBatch()).toBe(0);
    const [row] = await outbox(database.db);
    expect(row).toMatchObject({ attempts: 2, dispatched_at: null, last_error: 'no such mailbox' });
    expect(row!.failed_at).not.toBeNull();
  });

  it('sends through an external sender outside any transaction, once, marking it dispatched after', async () => {
    await placeOrders(store, 3);
    const sent: string[] = [];
    const openTransactionsDuringSends: number[] = [];
    const external: NotificationSender = {
      external: true,
      async send(message) {
        // A slow provider must hold no lock, snapshot or transaction of ours while it answers.
        const { rows } = await database.db.raw<{ rows: { open: number }[] }>(
          "SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid() AND application_name = 'ordercast'",
        );
        openTransactionsDuringSends.push(rows[0]!.open);
        sent.push(message.id);
      },
    };
    const d = dispatcher(external);
    expect(await d.dispatchBatch()).toBe(3);
    expect(openTransactionsDuringSends).toEqual([0, 0, 0]);
    const rows = await outbox(database.db);
    expect(sent.sort()).toEqual(rows.map((r) => r.id).sort());
    for (const row of rows) expect(row).toMatchObject({ attempts: 1, last_error: null, claimed_until: null });
    expect(await d.dispatchBatch()).toBe(0);
  });

  it('doubles the backoff with every failure, up to a cap', () => {
    const options = { baseMs: 1000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, options))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
