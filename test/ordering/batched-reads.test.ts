import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReads } from '../support/request-reads';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment } from '../support/fulfillment-fixtures';
import { subscribe } from '../support/graphql-client';

const ORDER_COUNT = 50;
const ORDERS_QUERY = `query($first: Int!) { orders(first: $first) { edges { node {
  id status items { sku quantity } checkout { status attempts } payment { status } shipments { status } history { type }
} } } }`;

let testApp: TestApp;
let variantId: string;

beforeAll(async () => {
  testApp = await startTestApp();
  const client = testApp.client;
  const product = await stockedProduct(client, 'BATCH', { 'BATCH-1': { amount: 250, stock: ORDER_COUNT + 10 } });
  variantId = product.variantId('BATCH-1');
  // Fifty orders through checkout and shipping, one after another: many requests, not one long wait.
  for (let i = 0; i < ORDER_COUNT; i++) {
    const orderId = await draftOrder(client, [{ variantId, quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', `batch-${orderId}`);
    expect((await settledOrder(client, orderId)).status).toBe('PLACED');
    await createShipment(client, orderId, [{ variantId, quantity: 1 }]);
  }
}, 240_000);
afterAll(() => testApp.stop());

describe('per-parent lookups are batched per request', () => {
  it('reads the checkout, payment, shipments and history of a page of orders with a fixed number of statements, whatever the page size', async () => {
    const run = async (first: number) => {
      let edges: { node: any }[] = [];
      const reads = await requestReads(testApp.app.db, async () => {
        edges = (await testApp.client.data<{ orders: { edges: { node: any }[] } }>(ORDERS_QUERY, { first })).orders.edges;
      });
      return { edges, reads };
    };
    const small = await run(10);
    const large = await run(ORDER_COUNT);

    expect(small.edges).toHaveLength(10);
    expect(large.edges).toHaveLength(ORDER_COUNT);
    for (const { node } of large.edges) {
      expect(node).toMatchObject({ status: 'PLACED', items: [{ sku: 'BATCH-1', quantity: 1 }], checkout: { status: 'COMPLETED', attempts: 1 }, payment: { status: 'AUTHORIZED' }, shipments: [{ status: 'PENDING' }] });
      expect(node.history.length).toBeGreaterThan(0);
    }
    // The order list, then one read for each field for the whole page (today 5 transactions, 20 statements).
    expect(large.reads.transactions).toBe(5);
    expect(large.reads.statements.length).toBe(small.reads.statements.length);
    for (const table of ['orders', 'checkouts', 'payments', 'shipments', 'order_history']) expect(large.reads.selectsFrom(table), table).toBe(1);
  });

  it('reads an order once for all the subscribers a change is pushed to, and afresh for the next change', async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    const orderId = await draftOrder(customer.client, [{ variantId, quantity: 1 }]);
    const query = 'subscription($o: ID!) { orderUpdated(orderId: $o) { id version items { quantity } checkout { status } payment { status } shipments { status } } }';
    // Staff and the customer who owns the order: each still gets only what they may see.
    const watchers = [testApp.ws(), testApp.ws(), testApp.ws(), testApp.ws({ authorization: customer.authorization }), testApp.ws({ authorization: customer.authorization })];
    const subscriptions = watchers.map((watcher) => subscribe<{ orderUpdated: any }>(watcher, query, { o: orderId }));
    const changeQuantity = (quantity: number) =>
      customer.client.data('mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: orderId, v: variantId, q: quantity });
    const pushed = (quantity: number) => Promise.all(subscriptions.map((s) => s.waitFor((p) => p.data?.orderUpdated.items[0]?.quantity === quantity)));
    try {
      await testApp.listening(ORDER_UPDATED, orderId, subscriptions.length);
      // The draft's own last change may still be on its way to the pub/sub: NOTIFYs arrive in commit
      // order, so once a first change of ours has reached everyone, nothing earlier can follow.
      await changeQuantity(2);
      await pushed(2);
      for (const [quantity, version] of [[3, 4], [5, 5]]) {
        const reads = await requestReads(testApp.app.db, async () => {
          await changeQuantity(quantity);
          await pushed(quantity);
        });
        for (const s of subscriptions) {
          expect(s.received.at(-1)!.data!.orderUpdated).toEqual({ id: orderId, version, items: [{ quantity }], checkout: null, payment: null, shipments: [] });
        }
        // The mutation's answer and the five pushes take the row the projector kept: no read. The
        // nested fields: one read for the answer, one for all five pushes.
        expect(reads.selectsFrom('orders')).toBe(0);
        for (const table of ['checkouts', 'payments', 'shipments']) expect(reads.selectsFrom(table), table).toBe(1);
      }
      // Each of our three changes reached each subscriber once (a late push of the draft's own is older).
      for (const s of subscriptions) expect(s.received.map((p) => p.data!.orderUpdated.version).filter((v: number) => v >= 3)).toEqual([3, 4, 5]);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await Promise.all(watchers.map((w) => w.dispose()));
    }
  });
});
