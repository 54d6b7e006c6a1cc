import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_STATUS_CHANGED } from '../../server/src/checkout/events';
import { SHIPMENT_UPDATED as SHIPMENT_TOPIC } from '../../server/src/fulfillment/events';
import { ORDER_UPDATED as ORDER_TOPIC } from '../../server/src/ordering/events';
import { newId } from '../../server/src/shared/ids';
import { startTestApp, type SignedInClient, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment } from '../support/fulfillment-fixtures';
import { httpClient, subscribe, type HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';

let testApp: TestApp;
let alice: SignedInClient;
let bob: SignedInClient;
let variantId: (sku: string) => string;

const SKU = 'OWN-1';
const ADD = 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }';
const CHANGE = 'mutation($o: ID!, $v: ID!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: 3) { id } }';
const REMOVE = 'mutation($o: ID!, $v: ID!) { removeOrderItem(orderId: $o, variantId: $v) { id } }';
const CHECKOUT = 'mutation($o: ID!) { checkoutOrder(orderId: $o, payment: { token: "tok_visa" }, idempotencyKey: "guess") { id } }';
const CANCEL = 'mutation($o: ID!) { cancelOrder(orderId: $o, reason: "not mine") { id } }';
const ORDER = 'query($o: ID!) { order(id: $o) { id customerId status } }';
const PAST_ORDER = 'query($o: ID!) { order(id: $o, version: 1) { id } }';
const NOTIFICATIONS = 'query($o: ID!) { notifications(orderId: $o) { id kind } }';
const ORDERS = '{ orders(first: 100) { edges { node { id customerId } } } }';
const ORDER_UPDATED = 'subscription($o: ID!) { orderUpdated(orderId: $o) { id status version } }';
const CHECKOUT_STATUS = 'subscription($o: ID!) { checkoutStatusChanged(orderId: $o) { orderId status } }';
const SHIPMENT_UPDATED = 'subscription($o: ID!) { shipmentUpdated(orderId: $o) { id orderId } }';

/** Error messages name the id asked for; without it, another's order and a missing one must read alike. */
const withoutId = (message: string, id: string) => message.replaceAll(id, '<id>');

/**
 * `operation` on someone else's order fails exactly as on an order that does not exist (NOT_FOUND,
 * same message) and appends nothing.
 */
async function expectLikeMissing(client: HttpClient, operation: string, othersOrderId: string, extra: Record<string, unknown> = {}) {
  const before = await countEvents(testApp.database.db);
  const others = await client.request(operation, { o: othersOrderId, ...extra });
  expect(others.errors?.[0]?.extensions?.code, JSON.stringify(others)).toBe('NOT_FOUND');
  const missingId = newId();
  const missing = await client.request(operation, { o: missingId, ...extra });
  expect(withoutId(others.errors![0]!.message, othersOrderId)).toBe(withoutId(missing.errors![0]!.message, missingId));
  expect(await countEvents(testApp.database.db)).toBe(before);
}

/**
 * The errors a subscription is refused with at subscribe time: graphql-ws sends them as one result
 * without data and then completes the subscription. Anything else (data, or no end) fails.
 */
function subscribeRefusal(ws: Client, query: string, variables: Record<string, unknown>): Promise<{ code?: string }[]> {
  return new Promise((resolve, reject) => {
    let refusal: { code?: string }[] | undefined;
    const timer = setTimeout(() => reject(new Error('expected a refusal, the subscription was accepted')), 5000);
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new Error(message));
    };
    const refused = (errors: { code?: string }[]) => {
      clearTimeout(timer);
      resolve(errors);
    };
    ws.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.data != null || !value.errors?.length) fail(`expected a refusal, got a push: ${JSON.stringify(value)}`);
          else refusal = value.errors.map((e) => ({ code: e.extensions?.code as string | undefined }));
        },
        error: (errors) => refused((Array.isArray(errors) ? errors : [errors]).map((e: any) => ({ code: e?.extensions?.code }))),
        complete: () => (refusal ? refused(refusal) : fail('expected a refusal, the subscription completed without one')),
      },
    );
  });
}

beforeAll(async () => {
  testApp = await startTestApp();
  alice = await testApp.clientAs('CUSTOMER');
  bob = await testApp.clientAs('CUSTOMER');
  ({ variantId } = await stockedProduct(testApp.client, 'OWN', { [SKU]: { amount: 700, stock: 100 } }));
});
afterAll(() => testApp.stop());

describe("a customer and another customer's order", () => {
  it('cannot read, change, check out, cancel or see notifications of it: NOT_FOUND as for a missing order, nothing appended', async () => {
    const aliceOrder = await draftOrder(alice.client, [{ variantId: variantId(SKU), quantity: 2 }]);
    const v = variantId(SKU);
    await expectLikeMissing(bob.client, ORDER, aliceOrder);
    await expectLikeMissing(bob.client, PAST_ORDER, aliceOrder);
    await expectLikeMissing(bob.client, ADD, aliceOrder, { v });
    await expectLikeMissing(bob.client, CHANGE, aliceOrder, { v });
    await expectLikeMissing(bob.client, REMOVE, aliceOrder, { v });
    await expectLikeMissing(bob.client, CHECKOUT, aliceOrder);
    await expectLikeMissing(bob.client, CANCEL, aliceOrder);
    await expectLikeMissing(bob.client, NOTIFICATIONS, aliceOrder);

    // The owner still can, and the order is as she left it.
    const { order } = await alice.client.data<{ order: { customerId: string; status: string } }>(ORDER, { o: aliceOrder });
    expect(order).toMatchObject({ customerId: alice.userId, status: 'DRAFT' });
    await alice.client.data(CHANGE, { o: aliceOrder, v });
    await checkout(alice.client, aliceOrder, 'tok_visa', 'alice-1');
    expect((await settledOrder(alice.client, aliceOrder)).status).toBe('PLACED');
    // Notifications are sent shortly after the placement: wait until hers arrive.
    const deadline = Date.now() + 10_000;
    let notifications: { kind: string }[] = [];
    while (notifications.length === 0 && Date.now() < deadline) {
      notifications = (await alice.client.data<{ notifications: { kind: string }[] }>(NOTIFICATIONS, { o: aliceOrder })).notifications;
      if (notifications.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(notifications.length).toBeGreaterThan(0);
    await expectLikeMissing(bob.client, NOTIFICATIONS, aliceOrder);
    await expectLikeMissing(bob.client, CANCEL, aliceOrder);
    expect((await alice.client.data<{ cancelOrder: { id: string } }>(CANCEL, { o: aliceOrder })).cancelOrder.id).toBe(aliceOrder);
  });

  it("cannot touch an order staff created: it is the staff member's", async () => {
    const staff = await testApp.clientAs('STAFF');
    const staffOrder = await draftOrder(staff.client, [{ variantId: variantId(SKU), quantity: 1 }]);
    await expectLikeMissing(alice.client, ORDER, staffOrder);
    await expectLikeMissing(alice.client, ADD, staffOrder, { v: variantId(SKU) });
  });
});

describe('orders', () => {
  it("lists a customer's own orders only; staff see everyone's", async () => {
    const carol = await testApp.clientAs('CUSTOMER');
    const dave = await testApp.clientAs('CUSTOMER');
    const carols = [await draftOrder(carol.client, []), await draftOrder(carol.client, [])];
    const daves = [await draftOrder(dave.client, [])];
    const list = async (client: HttpClient) => (await client.data<{ orders: { edges: { node: { id: string; customerId: string } }[] } }>(ORDERS)).orders.edges.map((e) => e.node);

    expect(await list(carol.client)).toEqual([...carols].reverse().map((id) => ({ id, customerId: carol.userId })));
    expect(await list(dave.client)).toEqual(daves.map((id) => ({ id, customerId: dave.userId })));
    const all = (await list(testApp.client)).map((o) => o.id);
    expect(all).toEqual(expect.arrayContaining([...carols, ...daves]));
  });
});

describe('subscriptions to an order', () => {
  it("refuse another customer's order with NOT_FOUND at subscribe time, for orderUpdated, checkoutStatusChanged and shipmentUpdated", async () => {
    const aliceOrder = await draftOrder(alice.client, []);
    const bobWs = testApp.ws({ authorization: bob.authorization });
    try {
      for (const query of [ORDER_UPDATED, CHECKOUT_STATUS, SHIPMENT_UPDATED]) {
        const errors = await subscribeRefusal(bobWs, query, { o: aliceOrder });
        expect(errors[0]?.code).toBe('NOT_FOUND');
        // As for an order that does not exist.
        expect((await subscribeRefusal(bobWs, query, { o: newId() }))[0]?.code).toBe('NOT_FOUND');
      }
    } finally {
      await bobWs.dispose();
    }
  });

  it("push a customer's own order to them and never another customer's, whatever they subscribe to", async () => {
    const aliceOrder = await draftOrder(alice.client, []);
    const bobOrder = await draftOrder(bob.client, []);
    const aliceWs = testApp.ws({ authorization: alice.authorization });
    const bobWs = testApp.ws({ authorization: bob.authorization });
    const alicePushes = subscribe<{ orderUpdated: { id: string; version: number } }>(aliceWs, ORDER_UPDATED, { o: aliceOrder });
    const bobPushes = subscribe<{ orderUpdated: { id: string; version: number } }>(bobWs, ORDER_UPDATED, { o: bobOrder });
    const bobCheckout = subscribe<{ checkoutStatusChanged: { orderId: string } }>(bobWs, CHECKOUT_STATUS, { o: bobOrder });
    try {
      const guessed = await subscribeRefusal(bobWs, ORDER_UPDATED, { o: aliceOrder });
      expect(guessed[0]?.code).toBe('NOT_FOUND');
      await testApp.listening(ORDER_TOPIC, aliceOrder);
      await testApp.listening(ORDER_TOPIC, bobOrder);
      await testApp.listening(CHECKOUT_STATUS_CHANGED, bobOrder);

      await alice.client.data(ADD, { o: aliceOrder, v: variantId(SKU) });
      await checkout(alice.client, aliceOrder, 'tok_visa', 'alice-ws');
      await settledOrder(alice.client, aliceOrder);
      await alicePushes.waitFor((p) => p.data?.orderUpdated.id === aliceOrder && p.data.orderUpdated.version >= 2);
      // Bob's own change comes after Alice's: once he has it, he would have had hers.
      await bob.client.data(ADD, { o: bobOrder, v: variantId(SKU) });
      await bobPushes.waitFor((p) => p.data?.orderUpdated.id === bobOrder);

      expect(bobPushes.received.length).toBeGreaterThan(0);
      expect(bobPushes.received.every((p) => p.data?.orderUpdated.id === bobOrder)).toBe(true);
      expect(bobCheckout.received).toEqual([]);
      expect(alicePushes.received.every((p) => p.data?.orderUpdated.id === aliceOrder)).toBe(true);
    } finally {
      alicePushes.unsubscribe();
      bobPushes.unsubscribe();
      bobCheckout.unsubscribe();
      await aliceWs.dispose();
      await bobWs.dispose();
    }
  });

  it("push shipments of a customer's own order to them", async () => {
    const orderId = await draftOrder(alice.client, [{ variantId: variantId(SKU), quantity: 1 }]);
    await checkout(alice.client, orderId, 'tok_visa', 'alice-ship');
    expect((await settledOrder(alice.client, orderId)).status).toBe('PLACED');
    const aliceWs = testApp.ws({ authorization: alice.authorization });
    const pushes = subscribe<{ shipmentUpdated: { id: string; orderId: string } }>(aliceWs, SHIPMENT_UPDATED, { o: orderId });
    try {
      await testApp.listening(SHIPMENT_TOPIC, orderId);
      const shipment = await createShipment(testApp.client, orderId, [{ variantId: variantId(SKU), quantity: 1 }]);
      const push = await pushes.waitFor((p) => p.data?.shipmentUpdated.id === shipment.id);
      expect(push.data!.shipmentUpdated.orderId).toBe(orderId);
    } finally {
      pushes.unsubscribe();
      await aliceWs.dispose();
    }
  });

  it("never deliver another shop's changes, even to staff subscribed to a guessed id of that shop's order", async () => {
    const slug = 'own-other';
    const { createShop } = await testApp.anonymous.data<{ createShop: { token: string } }>(
      'mutation($s: String!, $n: String!, $o: ShopOwnerInput!) { createShop(slug: $s, name: $n, owner: $o) { token } }',
      { s: slug, n: 'Other shop', o: { email: `owner@${slug}.test`, password: 'correct horse battery', name: 'Owner' } },
    );
    const otherAdmin = httpClient(testApp.app.url, { authorization: `Bearer ${createShop.token}` });
    const other = await stockedProduct(otherAdmin, 'OTHER', { 'OTHER-1': { amount: 100, stock: 10 } });
    const otherOrder = await draftOrder(otherAdmin, []);
    const otherStaff = await testApp.clientAs('STAFF', { shopId: slug });
    const demoStaff = await testApp.clientAs('STAFF');
    const demoOrder = await draftOrder(demoStaff.client, []);

    // Demo staff follow the other shop's order id (a guess) and one of their own; the other shop's staff watch theirs.
    const demoWs = testApp.ws({ authorization: demoStaff.authorization });
    const otherWs = testApp.ws({ authorization: otherStaff.authorization });
    const guessed = subscribe<{ orderUpdated: { id: string } }>(demoWs, ORDER_UPDATED, { o: otherOrder });
    const own = subscribe<{ orderUpdated: { id: string } }>(demoWs, ORDER_UPDATED, { o: demoOrder });
    const theirs = subscribe<{ orderUpdated: { id: string } }>(otherWs, ORDER_UPDATED, { o: otherOrder });
    try {
      await testApp.listening(ORDER_TOPIC, otherOrder, 2);
      await testApp.listening(ORDER_TOPIC, demoOrder);
      await otherAdmin.data(ADD, { o: otherOrder, v: other.variantId('OTHER-1') });
      await theirs.waitFor((p) => p.data?.orderUpdated.id === otherOrder);
      await demoStaff.client.data(ADD, { o: demoOrder, v: variantId(SKU) });
      await own.waitFor((p) => p.data?.orderUpdated.id === demoOrder);
      expect(guessed.received).toEqual([]);
    } finally {
      for (const s of [guessed, own, theirs]) s.unsubscribe();
      await demoWs.dispose();
      await otherWs.dispose();
    }
  });
});
