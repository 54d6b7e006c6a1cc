import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { CHANGES_CHANNEL, parseChanges } from '../../server/src/projector/changes';
import type { ReadModelChange } from '../../server/src/projector/projection';
import { RecentRows } from '../../server/src/projector/recent-rows';
import { AnnouncedVersions } from '../../server/src/projector/announced-versions';
import { ORDER_UPDATED, orderStreamId } from '../../server/src/ordering/events';
import { orderProjection, orderRowKey, type StoredOrder } from '../../server/src/ordering/order-projection';
import { OrderQueries } from '../../server/src/ordering/order-queries';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { checkout, draftOrder, stockedProduct } from '../support/checkout-fixtures';
import { subscribe } from '../support/graphql-client';

const ORDER_FIELDS = 'id status version items { variantId quantity } total { amount currency } createdAt updatedAt';
type Order = { id: string; status: string; version: number; items: { variantId: string; quantity: number }[]; total: { amount: number } | null };

let testApp: TestApp;
let variantId: string;

beforeAll(async () => {
  testApp = await startTestApp();
  variantId = (await createProduct(testApp.client, { variants: [{ sku: 'KEPT-1', amount: 700 }] })).variantId('KEPT-1');
});
afterAll(() => testApp.stop());

/** The statements that read the orders table, from any pool of the app, while `run` runs. */
async function ordersReads<T>(run: () => Promise<T>): Promise<{ result: T; reads: number }> {
  const sql: string[] = [];
  const onQuery = (query: { sql: string }) => sql.push(query.sql);
  testApp.app.db.on('query', onQuery);
  try {
    const result = await run();
    return { result, reads: sql.filter((q) => /^select .* from "?orders"?\b/i.test(q)).length };
  } finally {
    testApp.app.db.off('query', onQuery);
  }
}

const createOrder = async () => (await testApp.client.data<{ createOrder: Order }>(`mutation { createOrder { ${ORDER_FIELDS} } }`)).createOrder;
const addItem = async (orderId: string, quantity: number) =>
  (await testApp.client.data<{ addOrderItem: Order }>(`mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { ${ORDER_FIELDS} } }`, { o: orderId, v: variantId, q: quantity }))
    .addOrderItem;
const readOrder = async (id: string) => (await testApp.client.data<{ order: Order }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id })).order;

describe('orders kept by the projector that wrote them', () => {
  it("answers a mutation with the row its batch left, without reading the table, and that row is the table's", async () => {
    const { result: created, reads: createReads } = await ordersReads(createOrder);
    const { result: added, reads: addReads } = await ordersReads(() => addItem(created.id, 3));
    expect([createReads, addReads]).toEqual([0, 0]);
    expect(added).toMatchObject({ id: created.id, status: 'DRAFT', version: 2, items: [{ variantId, quantity: 3 }], total: { amount: 2100, currency: 'EUR' } });
    // A query reads the table: every field the same.
    expect(await readOrder(created.id)).toEqual(added);
  });

  it('reads the table when the kept row is older than what the caller needs, or of another shop', async () => {
    const order = await createOrder();
    await addItem(order.id, 1);
    const table = (await testApp.app.db('orders').where({ tenant_id: DEFAULT_TENANT, id: order.id }).first()) as StoredOrder;
    // As another node's projector may have moved on: the row kept here is still at version 1, without the item.
    const recent = new RecentRows();
    recent.remember(orderProjection.name, [[orderRowKey(DEFAULT_TENANT, order.id), { ...table, version: 1, items: [], currency: null, total_amount: 0 }]]);
    const queries = new OrderQueries(testApp.app.db, recent);

    const append = { versions: { [orderStreamId(order.id)]: 2 }, checkpoint: { transactionId: '0', position: 0 }, events: [] };
    const { result: answered, reads } = await ordersReads(() => queries.afterWrite(DEFAULT_TENANT, order.id, append));
    expect(reads).toBe(1);
    expect(answered).toMatchObject({ version: 2, items: [{ quantity: 1 }] });
    // New enough for version 1, and only in its own shop; an append that did not touch the order names no version.
    expect(await queries.kept(DEFAULT_TENANT, order.id, 1)).toMatchObject({ version: 1, items: [] });
    expect(await queries.kept('another-shop', order.id, 1)).toBeUndefined();
    expect(await queries.kept(DEFAULT_TENANT, order.id, undefined)).toBeUndefined();
  });

  it("pushes an order change with the row the batch left, and the change's NOTIFY carries the row's version", async () => {
    const order = await createOrder();
    const listener = new pg.Client({ connectionString: testApp.database.url });
    await listener.connect();
    const notified: ReadModelChange[] = [];
    listener.on('notification', (n) => notified.push(...parseChanges(n.payload)));
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
    const socket = testApp.ws();
    const pushes = subscribe<{ orderUpdated: Order & { position: number } }>(socket, `subscription($id: ID!) { orderUpdated(orderId: $id) { ${ORDER_FIELDS} position } }`, { id: order.id });
    try {
      await testApp.listening(ORDER_UPDATED, order.id);
      const { result: push, reads } = await ordersReads(async () => {
        await addItem(order.id, 2);
        return pushes.waitFor((p) => p.data?.orderUpdated.version === 2);
      });
      expect(reads).toBe(0);
      expect(push.data!.orderUpdated).toMatchObject({ items: [{ variantId, quantity: 2 }], total: { amount: 1400 } });
      await expect.poll(() => notified.find((c) => c.topic === ORDER_UPDATED && c.id === order.id && c.version === 2)).toBeDefined();
    } finally {
      pushes.unsubscribe();
      await socket.dispose();
      await listener.end();
    }
  });

  it("takes a kept order for a change that names no version once the newest version announced before it is kept", async () => {
    const order = await createOrder();
    await addItem(order.id, 1);
    const table = (await testApp.app.db('orders').where({ tenant_id: DEFAULT_TENANT, id: order.id }).first()) as StoredOrder;
    const recent = new RecentRows();
    recent.remember(orderProjection.name, [[orderRowKey(DEFAULT_TENANT, order.id), table]]);
    const announced = new AnnouncedVersions();
    const queries = new OrderQueries(testApp.app.db, recent, announced);
    const checkoutChange = { topic: ORDER_UPDATED, id: order.id, tenantId: DEFAULT_TENANT };
    // Nothing announced since the connection was made: this process cannot tell how new the row must be.
    expect(await queries.keptForPush(DEFAULT_TENANT, checkoutChange)).toBeUndefined();
    announced.note({ ...checkoutChange, version: 2 });
    expect(await queries.keptForPush(DEFAULT_TENANT, checkoutChange)).toMatchObject({ version: 2, items: [{ quantity: 1 }] });
    // A newer version was announced than the one kept (another node projected it): read.
    announced.note({ ...checkoutChange, version: 3 });
    expect(await queries.keptForPush(DEFAULT_TENANT, checkoutChange)).toBeUndefined();
  });

  it("follows a customer's own order and pushes its whole checkout, the checkout's and payment's changes too, without reading the order", async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    const { variantId: variantOf } = await stockedProduct(testApp.client, 'KEPT-WH', { 'KEPT-2': { amount: 1500, stock: 5 } });
    const orderId = await draftOrder(customer.client, [{ variantId: variantOf('KEPT-2'), quantity: 2 }]);
    const socket = testApp.ws({ authorization: customer.authorization });
    type Pushed = { orderUpdated: { status: string; checkout: { status: string } | null; payment: { status: string } | null } };
    const pushes = subscribe<Pushed>(socket, 'subscription($id: ID!) { orderUpdated(orderId: $id) { status checkout { status } payment { status } } }', { id: orderId });
    const orderVersion = async () => Number((await testApp.app.db('events').where({ tenant_id: DEFAULT_TENANT, stream_id: orderStreamId(orderId) }).max('stream_version as v').first())!.v);
    try {
      const before = await orderVersion();
      const { reads } = await ordersReads(async () => {
        await testApp.listening(ORDER_UPDATED, orderId);
        await checkout(customer.client, orderId, 'tok_visa', 'kept-checkout');
        await pushes.waitFor((p) => p.data?.orderUpdated.status === 'PLACED' && p.data.orderUpdated.checkout?.status === 'COMPLETED' && p.data.orderUpdated.payment?.status === 'AUTHORIZED');
        // Pushes of changes that name no version come too (the checkout's and the payment's, one
        // or two as their paced batches gather them): more than one per event of the order. They
        // may follow the push that already shows everything: waited for, and they read nothing either.
        const own = (await orderVersion()) - before;
        await expect.poll(() => pushes.received.length, { timeout: EVENTUALLY_MS }).toBeGreaterThan(own);
      });
      expect(reads).toBe(0);
      expect(pushes.received.some((p) => p.errors)).toBe(false);
    } finally {
      pushes.unsubscribe();
      await socket.dispose();
    }
  });
});
