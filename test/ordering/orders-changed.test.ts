import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { shopWide } from '../../server/src/graphql/pubsub';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { signUp } from '../accounts/account-operations';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { httpClient, subscribe } from '../support/graphql-client';
import { rawSocket } from '../support/raw-socket';

const ORDERS_CHANGED = 'subscription { ordersChanged { id status version customer { name email } total { amount currency } } }';
type Push = { ordersChanged: { id: string; status: string; version: number; customer: { name: string; email: string } | null; total: { amount: number } | null } };

let testApp: TestApp;
let variantId: string;

beforeAll(async () => {
  testApp = await startTestApp();
  const product = await createProduct(testApp.client, { variants: [{ sku: 'OC-1', amount: 1200 }] });
  variantId = product.variantId('OC-1');
});
afterAll(() => testApp.stop());

/** A customer account with a name and email, signed in. */
async function customer(name: string, email: string) {
  const { token, user } = await signUp(testApp.anonymous, { email, name });
  return { client: httpClient(testApp.app.url, { authorization: `Bearer ${token}` }), authorization: `Bearer ${token}`, userId: user.id as string };
}

async function orderWithItem(client: ReturnType<typeof httpClient>) {
  const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
  await client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 2) { id } }', { o: createOrder.id, v: variantId });
  return createOrder.id;
}

describe('ordersChanged', () => {
  it("pushes every order of the shop to staff, with its customer, and a customer's own orders only to that customer", async () => {
    const ada = await customer('Ada Lovelace', 'ada.oc@example.com');
    const bob = await customer('Bob Builder', 'bob.oc@example.com');
    const staff = await testApp.clientAs('STAFF');
    const staffSocket = testApp.ws({ authorization: staff.authorization });
    const adaSocket = testApp.ws({ authorization: ada.authorization });
    const staffPushes = subscribe<Push>(staffSocket, ORDERS_CHANGED);
    const adaPushes = subscribe<Push>(adaSocket, ORDERS_CHANGED);
    try {
      await testApp.listening(ORDER_UPDATED, shopWide(DEFAULT_TENANT), 2);
      const bobsOrder = await orderWithItem(bob.client);
      const adasOrder = await orderWithItem(ada.client);

      // Staff see both new orders, each with its customer and its total once the item is in.
      const bobs = await staffPushes.waitFor((p) => p.data?.ordersChanged.id === bobsOrder && p.data.ordersChanged.total?.amount === 2400);
      expect(bobs.data!.ordersChanged).toMatchObject({ status: 'DRAFT', customer: { name: 'Bob Builder', email: 'bob.oc@example.com' } });
      await staffPushes.waitFor((p) => p.data?.ordersChanged.id === adasOrder && p.data.ordersChanged.total?.amount === 2400);

      // Ada's last push is of her order with its item; Bob's changes came before it and were never hers.
      const adas = await adaPushes.waitFor((p) => p.data?.ordersChanged.id === adasOrder && p.data.ordersChanged.total?.amount === 2400);
      expect(adas.data!.ordersChanged.customer).toEqual({ name: 'Ada Lovelace', email: 'ada.oc@example.com' });
      expect(adaPushes.received.every((p) => p.data?.ordersChanged.id === adasOrder)).toBe(true);
      expect(adaPushes.received.some((p) => p.errors)).toBe(false);

      // A status change is pushed too.
      await ada.client.data('mutation($o: ID!) { cancelOrder(orderId: $o, reason: "changed my mind") { id } }', { o: adasOrder });
      await staffPushes.waitFor((p) => p.data?.ordersChanged.id === adasOrder && p.data.ordersChanged.status === 'CANCELLED');
      await adaPushes.waitFor((p) => p.data?.ordersChanged.id === adasOrder && p.data.ordersChanged.status === 'CANCELLED');
    } finally {
      staffPushes.unsubscribe();
      adaPushes.unsubscribe();
      await Promise.all([staffSocket.dispose(), adaSocket.dispose()]);
    }
  });

  it("never pushes another shop's orders", async () => {
    const { createShop } = await testApp.anonymous.data<{ createShop: { token: string } }>(
      'mutation { createShop(slug: "oc-other", name: "Other", owner: { email: "owner@oc-other.test", password: "owner passphrase", name: "Olga" }) { token } }',
    );
    const otherAdmin = httpClient(testApp.app.url, { authorization: `Bearer ${createShop.token}` });
    const socket = testApp.ws({ authorization: `Bearer ${createShop.token}` });
    const pushes = subscribe<Push>(socket, 'subscription { ordersChanged { id } }');
    try {
      // The subscription listens to its own shop's orders, not the demo shop's.
      await testApp.listening(ORDER_UPDATED, shopWide(await shopIdOf(otherAdmin)));
      const demoOrder = await orderWithItem(testApp.client);
      const { createOrder } = await otherAdmin.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
      await pushes.waitFor((p) => p.data?.ordersChanged.id === createOrder.id);
      expect(pushes.received.map((p) => p.data?.ordersChanged.id)).not.toContain(demoOrder);
    } finally {
      pushes.unsubscribe();
      await socket.dispose();
    }
  });

  it('refuses anonymous subscribers', async () => {
    const socket = rawSocket(testApp.app.url, {});
    expect(await socket.acknowledged).toBe(false);
    expect((await socket.closed).code).toBe(4403);
  });
});

async function shopIdOf(client: ReturnType<typeof httpClient>) {
  return (await client.data<{ me: { shop: string } }>('{ me { shop } }')).me.shop;
}

describe('orders filters', () => {
  it('filters by customer name or email, and by creation time', async () => {
    const cy = await customer('Cyrus Filterman', 'cyrus.filter@example.com');
    const dee = await customer('Dee Other', 'dee.other@example.com');
    const cyOrder = await orderWithItem(cy.client);
    const deeOrder = await orderWithItem(dee.client);
    const staff = (await testApp.clientAs('STAFF')).client;
    const ids = async (variables: Record<string, unknown>) =>
      (
        await staff.data<{ orders: { edges: { node: { id: string } }[] } }>(
          'query($c: String, $from: DateTime, $before: DateTime) { orders(first: 100, customer: $c, createdFrom: $from, createdBefore: $before) { edges { node { id } } } }',
          variables,
        )
      ).orders.edges.map((e) => e.node.id);

    expect(await ids({ c: 'filterman' })).toEqual([cyOrder]);
    expect(await ids({ c: 'DEE.OTHER@' })).toEqual([deeOrder]);
    // LIKE wildcards are taken literally.
    expect(await ids({ c: '%' })).toEqual([]);
    const { order } = await staff.data<{ order: { createdAt: string } }>('query($id: ID!) { order(id: $id) { createdAt } }', { id: deeOrder });
    const created = new Date(order.createdAt).getTime();
    expect(await ids({ from: new Date(created).toISOString() })).toContain(deeOrder);
    expect(await ids({ from: new Date(created + 1).toISOString() })).not.toContain(deeOrder);
    expect(await ids({ before: new Date(created).toISOString() })).not.toContain(deeOrder);
    expect(await ids({ before: new Date(created + 1).toISOString(), c: 'dee' })).toEqual([deeOrder]);

    const error = await staff.error('query { orders(createdFrom: "2026-01-02T00:00:00Z", createdBefore: "2026-01-01T00:00:00Z") { edges { cursor } } }');
    expect(error.code).toBe('BAD_USER_INPUT');
    expect((await staff.error('query($c: String) { orders(customer: $c) { edges { cursor } } }', { c: 'x'.repeat(201) })).code).toBe('BAD_USER_INPUT');
    // A blank search is no search.
    expect(await ids({ c: '  ' })).toEqual(expect.arrayContaining([cyOrder, deeOrder]));
    // A customer's filters stay within their own orders.
    const mine = await cy.client.data<{ orders: { edges: { node: { id: string } }[] } }>('{ orders(first: 100, customer: "dee") { edges { node { id } } } }');
    expect(mine.orders.edges).toEqual([]);
  });
});

describe('staff operations refused to customers', () => {
  it('answers FORBIDDEN to a customer calling shipment, payment and history operations on their own order', async () => {
    const eve = await customer('Eve Customer', 'eve.oc@example.com');
    const orderId = await orderWithItem(eve.client);
    const fakeId = '00000000-0000-4000-8000-000000000001';
    const refused = [
      ['createShipment', 'mutation($o: ID!, $v: ID!) { createShipment(orderId: $o, carrier: "DHL", lines: [{ variantId: $v, quantity: 1 }]) { id } }', { o: orderId, v: variantId }],
      ['shipShipment', 'mutation($s: ID!) { shipShipment(shipmentId: $s, trackingNumber: "T") { id } }', { s: fakeId }],
      ['deliverShipment', 'mutation($s: ID!) { deliverShipment(shipmentId: $s) { id } }', { s: fakeId }],
      ['cancelShipment', 'mutation($s: ID!) { cancelShipment(shipmentId: $s) { id } }', { s: fakeId }],
      ['capturePayment', 'mutation($p: ID!) { capturePayment(paymentId: $p, amount: { amount: 1, currency: "EUR" }) { id } }', { p: fakeId }],
      ['refundPayment', 'mutation($p: ID!) { refundPayment(paymentId: $p, amount: { amount: 1, currency: "EUR" }, reason: "x") { id } }', { p: fakeId }],
      ['voidPayment', 'mutation($p: ID!) { voidPayment(paymentId: $p) { id } }', { p: fakeId }],
      ['history', 'query($o: ID!) { order(id: $o) { history { type } } }', { o: orderId }],
      ['time travel', 'query($o: ID!) { order(id: $o, version: 1) { id } }', { o: orderId }],
    ] as const;
    for (const [what, query, variables] of refused) {
      const error = await eve.client.error(query, variables);
      expect(error.code, what).toBe('FORBIDDEN');
    }
  });
});
