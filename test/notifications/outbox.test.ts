import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '../../server/src/db/knex';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError } from '../../server/src/eventstore/types';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { outbox, storeWithOutbox } from './fixtures';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = storeWithOutbox(database.db);
});
afterAll(() => database.drop());

const orderStream = (orderId: string, expectedVersion: number, events: { type: string; data: unknown }[]) => ({
  streamId: `order-${orderId}`,
  streamType: 'Order',
  expectedVersion,
  events,
});

const rowsFor = async (orderId: string) => (await outbox(database.db)).filter((r) => r.order_id === orderId);

describe('notification outbox', () => {
  it('queues a notification in the transaction of the event that causes it, and none for other events', async () => {
    const orderId = newId();
    const { events } = await store.append(
      orderStream(orderId, 0, [
        { type: 'OrderCreated', data: { orderId } },
        { type: 'OrderPlaced', data: { orderId, checkoutId: newId(), paymentId: newId(), total: { amount: 990, currency: 'EUR' } } },
      ]), { tenantId: 'demo' },
    );
    const rows = await rowsFor(orderId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'ORDER_PLACED', attempts: 0, dispatched_at: null, data: { eventType: 'OrderPlaced', total: { amount: 990 } } });
    expect(Number(rows[0]!.event_position)).toBe(Number(events[1]!.position));
  });

  it('queues every kind: checkout failed, shipped, delivered, cancelled, refunded', async () => {
    const orderId = newId();
    const paymentId = newId();
    const shipmentId = newId();
    await store.append(orderStream(orderId, 0, [{ type: 'OrderCheckoutFailed', data: { orderId, checkoutId: newId(), reason: 'PAYMENT_DECLINED' } }]), { tenantId: 'demo' });
    await store.append({ streamId: `payment-${paymentId}`, streamType: 'Payment', expectedVersion: 0, events: [{ type: 'PaymentCreated', data: { paymentId, orderId, amount: { amount: 500, currency: 'EUR' } } }] }, { tenantId: 'demo' });
    await store.append({
      streamId: `shipment-${shipmentId}`,
      streamType: 'Shipment',
      expectedVersion: 0,
      events: [
        { type: 'ShipmentCreated', data: { shipmentId, orderId } },
        { type: 'ShipmentShipped', data: { shipmentId, orderId, trackingNumber: 'TRACK-1' } },
        { type: 'ShipmentDelivered', data: { shipmentId, orderId } },
      ],
    }, { tenantId: 'demo' });
    // Refund events name only their payment: the order is found through PaymentCreated.
    await store.append({
      streamId: `payment-${paymentId}`,
      streamType: 'Payment',
      expectedVersion: 1,
      events: [{ type: 'PaymentRefunded', data: { paymentId, amount: { amount: 200, currency: 'EUR' }, reason: 'damaged', totalRefunded: { amount: 200, currency: 'EUR' } } }],
    }, { tenantId: 'demo' });
    await store.append(orderStream(orderId, 1, [{ type: 'OrderCancelled', data: { orderId, reason: 'changed my mind' } }]), { tenantId: 'demo' });
    expect((await rowsFor(orderId)).map((r) => r.kind)).toEqual(['CHECKOUT_FAILED', 'SHIPMENT_SHIPPED', 'SHIPMENT_DELIVERED', 'PAYMENT_REFUNDED', 'ORDER_CANCELLED']);
  });

  it('finds the order of a refund whose payment is created in the same append', async () => {
    const orderId = newId();
    const paymentId = newId();
    await store.append({
      streamId: `payment-${paymentId}`,
      streamType: 'Payment',
      expectedVersion: 0,
      events: [
        { type: 'PaymentCreated', data: { paymentId, orderId, amount: { amount: 500, currency: 'EUR' } } },
        { type: 'PaymentRefunded', data: { paymentId, amount: { amount: 500, currency: 'EUR' }, reason: 'r', totalRefunded: { amount: 500, currency: 'EUR' } } },
      ],
    }, { tenantId: 'demo' });
    expect((await rowsFor(orderId)).map((r) => r.kind)).toEqual(['PAYMENT_REFUNDED']);
  });

  it('queues nothing when the append fails on a concurrency conflict, also for the other streams of the append', async () => {
    const orderId = newId();
    await store.append(orderStream(orderId, 0, [{ type: 'OrderCreated', data: { orderId } }]), { tenantId: 'demo' });
    const before = (await outbox(database.db)).length;

    await expect(store.append(orderStream(orderId, 0, [{ type: 'OrderCancelled', data: { orderId, reason: 'stale writer' } }]), { tenantId: 'demo' })).rejects.toBeInstanceOf(ConcurrencyError);

    const otherOrderId = newId();
    await expect(
      store.appendToStreams([
        orderStream(otherOrderId, 0, [{ type: 'OrderPlaced', data: { orderId: otherOrderId, checkoutId: newId(), paymentId: newId(), total: { amount: 1, currency: 'EUR' } } }]),
        orderStream(orderId, 5, [{ type: 'OrderCancelled', data: { orderId, reason: 'stale writer' } }]),
      ], { tenantId: 'demo' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);

    expect(await outbox(database.db)).toHaveLength(before);
    expect(await database.db('events').where({ stream_id: `order-${otherOrderId}` })).toHaveLength(0);

    // The same change from a writer that is up to date is queued.
    await store.append(orderStream(orderId, 1, [{ type: 'OrderCancelled', data: { orderId, reason: 'up to date' } }]), { tenantId: 'demo' });
    expect((await rowsFor(orderId)).map((r) => r.kind)).toEqual(['ORDER_CANCELLED']);
  });

  it('writes the notification of an order event in the append statement itself: no transaction around it, one statement', async () => {
    const orderId = newId();
    const statements: string[] = [];
    const record = (query: { sql: string }) => statements.push(query.sql);
    database.db.on('query', record);
    let appended;
    try {
      appended = await store.append(orderStream(orderId, 0, [{ type: 'OrderCheckoutFailed', data: { orderId, checkoutId: newId(), reason: 'OUT_OF_STOCK' } }]), { tenantId: 'shop-b' });
    } finally {
      database.db.off('query', record);
    }
    // The one statement is sent on a pooled connection outside Knex: Knex saw no transaction and no
    // outbox insert (a wake-up NOTIFY of the log's announcer may pass meanwhile).
    expect(statements.filter((sql) => /\b(begin|commit|notification_outbox)\b/i.test(sql))).toEqual([]);
    const [row] = await rowsFor(orderId);
    // In the append's shop.
    expect(row).toMatchObject({ kind: 'CHECKOUT_FAILED', tenant_id: 'shop-b', data: { eventType: 'OrderCheckoutFailed', reason: 'OUT_OF_STOCK' } });
    expect(Number(row!.event_position)).toBe(appended.events[0]!.position);
    expect(row!.created_at.getTime()).toBe(appended.events[0]!.recordedAt.getTime());
  });

  it('sends the append statement with rows as a prepared statement: parsed and planned once per connection, then run by name', async () => {
    // One connection, so the second append meets what the first prepared.
    const db = createKnex(database.url, 1);
    try {
      const single = storeWithOutbox(db);
      for (const orderId of [newId(), newId()]) {
        await single.append(orderStream(orderId, 0, [{ type: 'OrderCheckoutFailed', data: { orderId, checkoutId: newId(), reason: 'OUT_OF_STOCK' } }]), { tenantId: 'shop-b' });
        expect(await rowsFor(orderId)).toHaveLength(1);
      }
      const { rows } = await db.raw<{ rows: { statement: string }[] }>("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'oc\\_%'");
      expect(rows.filter((r) => /^WITH appended AS \(SELECT \* FROM ordercast_append\(/.test(r.statement) && /INSERT INTO notification_outbox/.test(r.statement))).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it('queues only the cancellation when an order is cancelled in the same append as its checkout outcome', async () => {
    const orderId = newId();
    await store.append(
      orderStream(orderId, 0, [
        { type: 'OrderPlaced', data: { orderId, checkoutId: newId(), paymentId: newId(), total: { amount: 1, currency: 'EUR' } } },
        { type: 'OrderCancelled', data: { orderId, reason: 'changed my mind' } },
      ]),
      { tenantId: 'demo' },
    );
    expect((await rowsFor(orderId)).map((r) => r.kind)).toEqual(['ORDER_CANCELLED']);
  });

  it('appends nothing when the rows written in the append statement fail', async () => {
    const broken = new EventStore(database.db);
    broken.onAppend(async () => {}, () => true, {
      table: 'notification_outbox',
      // A kind the outbox refuses (NOT NULL): the statement fails as a whole.
      columns: { id: 'uuid', tenant_id: 'text', order_id: 'uuid', kind: 'text', data: 'jsonb' },
      positionColumn: 'event_position',
      timeColumn: 'created_at',
      rows: (tenantId, events) => events.map((_, event) => ({ event, values: { id: newId(), tenant_id: tenantId, order_id: newId(), kind: null, data: {} } })),
    });
    const orderId = newId();
    await expect(broken.append(orderStream(orderId, 0, [{ type: 'OrderCreated', data: { orderId } }]), { tenantId: 'demo' })).rejects.toThrow(/null value/);
    expect(await database.db('events').where({ stream_id: `order-${orderId}` })).toHaveLength(0);
  });

  it('runs append hooks inside the append: a failing hook appends nothing', async () => {
    const failing = new EventStore(database.db);
    failing.onAppend(async () => {
      throw new Error('hook failed');
    });
    const orderId = newId();
    await expect(failing.append(orderStream(orderId, 0, [{ type: 'OrderCreated', data: { orderId } }]), { tenantId: 'demo' })).rejects.toThrow('hook failed');
    expect(await database.db('events').where({ stream_id: `order-${orderId}` })).toHaveLength(0);
  });
});
