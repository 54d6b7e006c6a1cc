import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_STATUS_CHANGED } from '../../server/src/checkout/events';
import { SHIPMENT_UPDATED } from '../../server/src/fulfillment/events';
import { STOCK_LEVEL_CHANGED } from '../../server/src/inventory/events';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { CHANGES_CHANNEL, parseChanges } from '../../server/src/projector/changes';
import type { ReadModelChange } from '../../server/src/projector/projection';
import type { ListenerOptions } from '../../server/src/projector/listener';
import { readForPush } from '../../server/src/graphql/resumable';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockUp } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { createShipment, placedOrder } from '../support/fulfillment-fixtures';
import { subscribe, type GraphQLResponse } from '../support/graphql-client';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

interface OrderPush {
  orderUpdated: { id: string; version: number; position: number };
}

const ORDER_UPDATED_AFTER = 'subscription($id: ID!, $after: Int) { orderUpdated(orderId: $id, after: $after) { id version position } }';
const ADD_ITEM = 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id version } }';

const versionsOf = (received: GraphQLResponse<OrderPush>[]) => received.map((p) => p.data?.orderUpdated.version);
const positionsOf = (received: GraphQLResponse<OrderPush>[]) => received.map((p) => p.data?.orderUpdated.position);
const increasing = (values: readonly (number | undefined)[]) => values.every((v, i) => v !== undefined && (i === 0 || v > values[i - 1]!));

async function orderWithVariant(sku: string) {
  const { variantId } = await createProduct(testApp.client, { variants: [{ sku, amount: 100 }] });
  const { createOrder } = await testApp.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
  const addItem = async () => (await testApp.client.data<{ addOrderItem: { version: number } }>(ADD_ITEM, { o: createOrder.id, v: variantId(sku) })).addOrderItem.version;
  return { orderId: createOrder.id, addItem };
}

describe('the read-model change log', () => {
  it('numbers the changes of one row 1, 2, 3… whatever projection made them, and notifies them in order under the payload limit', async () => {
    const { db } = testApp.app;
    const { orderId } = await placedOrder(testApp.client, 'LOG', { 'LOG-1': { amount: 500, stock: 5 } }, { 'LOG-1': 2 });
    // orders, checkouts and payments all announced changes of this order: one sequence for all.
    const { rows } = await db.raw<{ rows: { revision: string; topic: string }[] }>(
      "SELECT revision, topic FROM read_model_changes WHERE tenant_id = 'demo' AND key = ? ORDER BY revision",
      [orderId],
    );
    expect(rows.map((r) => Number(r.revision))).toEqual(rows.map((_, i) => i + 1));
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set([ORDER_UPDATED, 'ORDER_PAYMENT_UPDATED', CHECKOUT_STATUS_CHANGED]));
    const { rows: heads } = await db.raw<{ rows: { revision: string }[] }>("SELECT revision FROM read_model_change_heads WHERE tenant_id = 'demo' AND key = ?", [orderId]);
    expect(Number(heads[0]!.revision)).toBe(rows.length);

    // 300 changes of ~150 bytes: several payloads, each under 8,000 bytes, together in order.
    const listener = new pg.Client({ connectionString: testApp.database.url });
    await listener.connect();
    try {
      const payloads: string[] = [];
      listener.on('notification', (message) => payloads.push(message.payload!));
      await listener.query('LISTEN lossless_test');
      const changes = Array.from({ length: 300 }, (_, i) => ({ topic: 'TEST', id: 'chunked-row', tenantId: 'demo', data: { i, note: 'x'.repeat(80) } }));
      await db.raw("SELECT ordercast_log_changes('lossless_test', ?::jsonb)", [JSON.stringify(changes)]);
      await expect.poll(() => payloads.flatMap((p) => JSON.parse(p) as unknown[]).length, { timeout: EVENTUALLY_MS }).toBe(300);
      expect(payloads.length).toBeGreaterThan(1);
      for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      const delivered = payloads.flatMap((p) => JSON.parse(p) as { revision: number; data: { i: number } }[]);
      expect(delivered.map((c) => c.revision)).toEqual(changes.map((_, i) => i + 1));
      expect(delivered.map((c) => c.data.i)).toEqual(changes.map((c) => c.data.i));
    } finally {
      await listener.end();
    }
  });
});

describe('resumable subscriptions', () => {
  it('orderUpdated with after: the order as it is now first, then the live changes, each version once and in order', async () => {
    const { orderId, addItem } = await orderWithVariant('RESUME-1');
    const ws = testApp.ws();
    try {
      // after: 0 asks for the current state at once.
      const first = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId, after: 0 });
      await first.waitFor((p) => p.data?.orderUpdated.version === 1);
      await testApp.listening(ORDER_UPDATED, orderId);
      await addItem();
      await first.waitFor((p) => p.data?.orderUpdated.version === 2);
      first.unsubscribe();
      expect(versionsOf(first.received)).toEqual([1, 2]);
      const seen = first.received.at(-1)!.data!.orderUpdated.position;

      // Missed while away: versions 3 and 4.
      await addItem();
      await addItem();
      const resumed = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId, after: seen });
      await resumed.waitFor((p) => p.data?.orderUpdated.version === 4);
      await testApp.listening(ORDER_UPDATED, orderId);
      await addItem();
      await resumed.waitFor((p) => p.data?.orderUpdated.version === 5);
      expect(versionsOf(resumed.received)).toEqual([4, 5]);
      expect(increasing([seen, ...positionsOf(resumed.received)])).toBe(true);

      // A client that has everything gets only what comes next.
      const upToDate = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId, after: resumed.received.at(-1)!.data!.orderUpdated.position });
      await testApp.listening(ORDER_UPDATED, orderId, 2);
      await addItem();
      await upToDate.waitFor((p) => p.data?.orderUpdated.version === 6);
      expect(versionsOf(upToDate.received)).toEqual([6]);
      resumed.unsubscribe();
      upToDate.unsubscribe();
      // Ended subscriptions stop listening.
      await expect.poll(() => testApp.app.pubSub.listenerCount(ORDER_UPDATED, orderId)).toBe(0);
    } finally {
      await ws.dispose();
    }
  });

  it('checkoutStatusChanged with after: every step taken since, in order; shipmentUpdated: each shipment as it is now', async () => {
    const { orderId, variantId } = await placedOrder(testApp.client, 'RESUMECO', { 'RESUMECO-1': { amount: 700, stock: 5 } }, { 'RESUMECO-1': 2 });
    const ws = testApp.ws();
    try {
      const steps = subscribe<{ checkoutStatusChanged: { status: string; position: number } }>(
        ws,
        'subscription($id: ID!, $after: Int) { checkoutStatusChanged(orderId: $id, after: $after) { status position } }',
        { id: orderId, after: 0 },
      );
      await steps.waitFor((p) => p.data?.checkoutStatusChanged.status === 'COMPLETED');
      const statuses = steps.received.map((p) => p.data!.checkoutStatusChanged.status);
      expect(statuses).toEqual(['STARTED', 'RESERVING_STOCK', 'STOCK_RESERVED', 'AUTHORIZING_PAYMENT', 'COMPLETED']);
      expect(increasing(steps.received.map((p) => p.data!.checkoutStatusChanged.position))).toBe(true);
      steps.unsubscribe();

      const reserved = steps.received.find((p) => p.data!.checkoutStatusChanged.status === 'STOCK_RESERVED')!.data!.checkoutStatusChanged.position;
      const rest = subscribe<{ checkoutStatusChanged: { status: string } }>(
        ws,
        'subscription($id: ID!, $after: Int) { checkoutStatusChanged(orderId: $id, after: $after) { status } }',
        { id: orderId, after: reserved },
      );
      await rest.waitFor((p) => p.data?.checkoutStatusChanged.status === 'COMPLETED');
      expect(rest.received.map((p) => p.data!.checkoutStatusChanged.status)).toEqual(['AUTHORIZING_PAYMENT', 'COMPLETED']);
      rest.unsubscribe();

      const one = await createShipment(testApp.client, orderId, [{ variantId: variantId('RESUMECO-1'), quantity: 1 }]);
      const two = await createShipment(testApp.client, orderId, [{ variantId: variantId('RESUMECO-1'), quantity: 1 }]);
      const shipments = subscribe<{ shipmentUpdated: { id: string; status: string; position: number } }>(
        ws,
        'subscription($id: ID!, $after: Int) { shipmentUpdated(orderId: $id, after: $after) { id status position } }',
        { id: orderId, after: 0 },
      );
      await shipments.waitFor((p) => p.data?.shipmentUpdated.id === two.id);
      await testApp.listening(SHIPMENT_UPDATED, orderId);
      await testApp.client.data('mutation($s: ID!) { cancelShipment(shipmentId: $s) { id } }', { s: one.id });
      await shipments.waitFor((p) => p.data?.shipmentUpdated.status === 'CANCELLED');
      expect(shipments.received.map((p) => [p.data!.shipmentUpdated.id, p.data!.shipmentUpdated.status])).toEqual([
        [one.id, 'PENDING'],
        [two.id, 'PENDING'],
        [one.id, 'CANCELLED'],
      ]);
      expect(increasing(shipments.received.map((p) => p.data!.shipmentUpdated.position))).toBe(true);
      shipments.unsubscribe();
    } finally {
      await ws.dispose();
    }
  });

  it('stockLevelChanged with after: the level as it is now, once', async () => {
    await createProduct(testApp.client, { variants: [{ sku: 'RESUME-STOCK', amount: 100 }] });
    const warehouseId = await stockUp(testApp.client, 'RSW', { 'RESUME-STOCK': 4 });
    const ws = testApp.ws();
    try {
      const query = 'subscription($sku: String!, $after: Int) { stockLevelChanged(sku: $sku, after: $after) { onHand position } }';
      const levels = subscribe<{ stockLevelChanged: { onHand: number; position: number } }>(ws, query, { sku: 'RESUME-STOCK', after: 0 });
      const now = await levels.waitFor((p) => p.data?.stockLevelChanged.onHand === 4);
      levels.unsubscribe();
      await stockUp(testApp.client, 'RSW2', { 'RESUME-STOCK': 3 });
      const resumed = subscribe<{ stockLevelChanged: { onHand: number; position: number } }>(ws, query, { sku: 'RESUME-STOCK', after: now.data!.stockLevelChanged.position });
      await resumed.waitFor((p) => p.data?.stockLevelChanged.onHand === 7);
      await testApp.listening(STOCK_LEVEL_CHANGED, 'RESUME-STOCK');
      await testApp.client.data('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { onHand } }', {
        i: { sku: 'RESUME-STOCK', warehouseId, quantityChange: 1, reason: 'count' },
      });
      await resumed.waitFor((p) => p.data?.stockLevelChanged.onHand === 8);
      expect(resumed.received.map((p) => p.data!.stockLevelChanged.onHand)).toEqual([7, 8]);
      resumed.unsubscribe();
    } finally {
      await ws.dispose();
    }
  });

  it('refuses a negative after with BAD_USER_INPUT', async () => {
    const { orderId } = await orderWithVariant('RESUME-BAD');
    const ws = testApp.ws();
    try {
      // A refusal at subscribe time is one result with errors, then the end.
      const results: GraphQLResponse[] = [];
      await new Promise<void>((resolve, reject) => {
        ws.subscribe({ query: ORDER_UPDATED_AFTER, variables: { id: orderId, after: -1 } }, { next: (r) => void results.push(r as GraphQLResponse), error: reject, complete: resolve });
      });
      expect(results).toEqual([expect.objectContaining({ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })] })]);
    } finally {
      await ws.dispose();
    }
  });
});

describe("a push's read of its state", () => {
  it('is tried again when the database fails as an outage does, and fails at once otherwise', async () => {
    let calls = 0;
    const cut = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    await expect(readForPush(async () => (++calls < 3 ? Promise.reject(cut) : 'state'))).resolves.toBe('state');
    expect(calls).toBe(3);
    calls = 0;
    await expect(readForPush(async () => (++calls, Promise.reject(new Error('a bug'))))).rejects.toThrow('a bug');
    expect(calls).toBe(1);
  });
});

describe('pushes that never relied on a NOTIFY', () => {
  it('orderUpdated without after reads nothing of the change log to start; a resync before any push delivers the order as it is. checkoutStatusChanged reads where it starts', async () => {
    const { app, database } = testApp;
    const heads: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (query.sql.includes('read_model_change_heads')) heads.push(query.sql);
    };
    app.db.on('query', onQuery);
    const ws = testApp.ws();
    try {
      const { orderId, addItem } = await orderWithVariant('NOFLOOR-1');
      await addItem();
      const pushes = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId });
      await testApp.listening(ORDER_UPDATED, orderId);
      expect(heads).toEqual([]);
      const steps = subscribe(ws, 'subscription($id: ID!) { checkoutStatusChanged(orderId: $id) { status } }', { id: orderId });
      await testApp.listening(CHECKOUT_STATUS_CHANGED, orderId);
      await expect.poll(() => heads.length, { timeout: EVENTUALLY_MS }).toBe(1);
      steps.unsubscribe();

      // The listener's connection drops before any change of the order: once it is back, the
      // order's latest change (version 2, from before the subscription) shows it as it is.
      const pid = app.listener.backendPid;
      await database.admin('SELECT pg_terminate_backend($1)', [pid]);
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 2);
      await addItem();
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 3);
      expect(versionsOf(pushes.received)).toEqual([2, 3]);
      pushes.unsubscribe();
    } finally {
      app.db.off('query', onQuery);
      await ws.dispose();
    }
  });

  it('delivers the changes whose notifications were lost once the listener is back', async () => {
    const { app } = testApp;
    // Stand-in for notifications lost on the wire: this process drops them while `dropping`.
    const options = (app.listener as unknown as { options: ListenerOptions }).options;
    const deliver = options.onNotification;
    let dropping = false;
    const dropped: ReadModelChange[] = [];
    const heard: ReadModelChange[] = [];
    options.onNotification = (channel, payload) => {
      if (channel === CHANGES_CHANNEL) (dropping ? dropped : heard).push(...parseChanges(payload));
      if (!(dropping && channel === CHANGES_CHANNEL)) return deliver(channel, payload);
    };
    const ws = testApp.ws();
    try {
      const { orderId, addItem } = await orderWithVariant('LOST-1');
      // The order's creation is heard before the subscription starts: an answer may come before
      // its change's NOTIFY, which would then be pushed to a subscription started meanwhile.
      await expect.poll(() => heard.some((c) => c.topic === ORDER_UPDATED && c.id === orderId), { timeout: EVENTUALLY_MS }).toBe(true);
      const pushes = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId });
      await testApp.listening(ORDER_UPDATED, orderId);
      await addItem();
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 2);

      dropping = true;
      await addItem();
      await addItem();
      // An answer may come before its change's NOTIFY reaches the listener: drop until the last one has.
      await expect.poll(() => dropped.some((c) => c.topic === ORDER_UPDATED && c.id === orderId && c.version === 4), { timeout: EVENTUALLY_MS }).toBe(true);
      dropping = false;
      // Projected (each mutation answered after its projection) but never pushed. The listener's
      // connection drops; once it is back, the subscription reads what it missed.
      const pid = app.listener.backendPid;
      await testApp.database.admin('SELECT pg_terminate_backend($1)', [pid]);
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 4);
      expect(app.listener.backendPid).not.toBe(pid);
      await addItem();
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 5);
      expect(versionsOf(pushes.received)).toEqual([2, 4, 5]);
      expect(increasing(positionsOf(pushes.received))).toBe(true);
      pushes.unsubscribe();
    } finally {
      options.onNotification = deliver;
      await ws.dispose();
    }
  });

  it("every version reaches the subscriber, in order and once, while the server's database connections are cut under a writer changing the order every 300 ms", async () => {
    const { orderId, addItem } = await orderWithVariant('CUT-1');
    const ws = testApp.ws();
    const pushes = subscribe<OrderPush>(ws, ORDER_UPDATED_AFTER, { id: orderId, after: 0 });
    try {
      await pushes.waitFor((p) => p.data?.orderUpdated.version === 1);
      await testApp.listening(ORDER_UPDATED, orderId);

      // Stand-in for a PostgreSQL restart (the test server is shared with other test files): every
      // connection of this database is terminated, the listener's and the whole pool's.
      const cutAll = () =>
        testApp.database.admin('SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
          new URL(testApp.database.url).pathname.slice(1),
        ]);
      let writing = true;
      const cuts = (async () => {
        let count = 0;
        for (const at of [900, 1_500]) {
          await new Promise((r) => setTimeout(r, at));
          if (!writing) break;
          await cutAll();
          count += 1;
        }
        return count;
      })();

      let failures = 0;
      for (let i = 0; i < 16; i++) {
        try {
          await addItem();
        } catch {
          // The cut may have come before or after the append committed; either way, once the
          // projections have caught up, the next change is a version of its own.
          failures += 1;
          await expect.poll(() => testApp.app.projector.caughtUpWithLog().then(() => true, () => false), { timeout: 30_000, interval: 100 }).toBe(true);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      writing = false;
      expect(await cuts).toBe(2);

      const { order } = await testApp.client.data<{ order: { version: number } }>('query($id: ID!) { order(id: $id) { version } }', { id: orderId });
      await pushes.waitFor((p) => p.data?.orderUpdated.version === order.version, 30_000);
      const versions = versionsOf(pushes.received);
      expect(pushes.received.every((p) => p.errors === undefined)).toBe(true);
      expect(versions).toEqual(Array.from({ length: order.version }, (_, i) => i + 1));
      expect(increasing(positionsOf(pushes.received))).toBe(true);
      expect(order.version).toBeGreaterThanOrEqual(16 - failures);
      pushes.unsubscribe();
    } finally {
      await ws.dispose();
    }
  }, 90_000);
});
