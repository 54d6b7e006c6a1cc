import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_STATUS_CHANGED, checkoutStreamId } from '../../server/src/checkout/events';
import { stockStreamId } from '../../server/src/inventory/events';
import { paymentStreamId } from '../../server/src/payments/events';
import { ORDER_UPDATED, orderStreamId } from '../../server/src/ordering/events';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { GatedGateway } from '../support/gated-gateway';
import { subscribe } from '../support/graphql-client';

/** A card whose authorization the gateway below holds until the test opens it (it authorizes, as any `tok_ok_…`). */
const HELD_CARD = 'tok_ok_held';

let database: TestDatabase;
let gateway: GatedGateway;
let testApp: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  gateway = new GatedGateway(new SimulatedGateway(database.db), { holds: (request) => request.token === HELD_CARD });
  testApp = await startTestApp({ database, paymentGateway: gateway });
});
afterAll(async () => {
  gateway?.open();
  await testApp?.stop();
  await database?.drop();
});

const eventTypesOf = async (streamPrefix: string) =>
  (await testApp.database.db('events').where('stream_id', 'like', `${streamPrefix}%`).orderBy('global_position').pluck('event_type')) as string[];

describe('checkout', () => {
  it('reserves stock, authorizes the payment and places the order', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'HAPPY', { 'HAPPY-1': { amount: 1000, stock: 5 }, 'HAPPY-2': { amount: 250, stock: 5 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('HAPPY-1'), quantity: 2 }, { variantId: variantId('HAPPY-2'), quantity: 1 }]);

    const answer = await checkout(client, orderId, 'tok_visa', 'happy-1');
    expect(answer.data?.checkoutOrder.status).toBe('CHECKOUT_PENDING');

    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', failureReason: null, attempts: 1 } });
    expect(order.payment).toMatchObject({ status: 'AUTHORIZED', amountAuthorized: { amount: 2250, currency: 'EUR' }, amountCaptured: { amount: 0 } });
    expect(await stockLevel(client, 'HAPPY-1')).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await stockLevel(client, 'HAPPY-2')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(await eventTypesOf(`order-${orderId}`)).toContain('OrderPlaced');
  });

  it('commits in four appends of its own: the payment is created with the checkout\'s record, and its authorization with the order\'s placement, ahead of it in the log', async () => {
    const { client, database } = testApp;
    const { variantId } = await stockedProduct(client, 'TRIPS', { 'TRIPS-1': { amount: 900, stock: 5 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('TRIPS-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_visa', 'trips-1');
    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'PLACED', payment: { status: 'AUTHORIZED' } });

    const requested = await database.db('events').where({ tenant_id: 'demo', stream_id: orderStreamId(orderId), event_type: 'CheckoutRequested' }).first('global_position', 'data');
    const rows: { event_type: string; tx: string }[] = await database
      .db('events')
      .where('tenant_id', 'demo')
      .whereIn('stream_id', [orderStreamId(orderId), checkoutStreamId(requested.data.checkoutId), paymentStreamId(order.payment.id), stockStreamId('TRIPS-1')])
      .where('global_position', '>', requested.global_position)
      .orderBy('global_position')
      .select('event_type', database.db.raw('transaction_id::text AS tx'));
    const transactions = [...new Set(rows.map((r) => r.tx))].map((tx) => rows.filter((r) => r.tx === tx).map((r) => r.event_type));
    expect(transactions).toEqual([
      ['StockReserved'],
      ['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested', 'PaymentCreated'],
      ['StockReservationConfirmed'],
      ['PaymentAuthorized', 'OrderPlaced', 'CheckoutPaymentAuthorized', 'CheckoutCompleted'],
    ]);
  });

  it('fails with OUT_OF_STOCK naming every short SKU, reserving nothing, and lets the customer retry', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'SHORT', { 'SHORT-1': { amount: 100, stock: 1 }, 'SHORT-2': { amount: 100, stock: 10 }, 'SHORT-3': { amount: 100, stock: 0 } });
    const orderId = await draftOrder(client, [
      { variantId: variantId('SHORT-1'), quantity: 2 },
      { variantId: variantId('SHORT-2'), quantity: 1 },
      { variantId: variantId('SHORT-3'), quantity: 1 },
    ]);
    await checkout(client, orderId, 'tok_visa', 'short-1');
    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'DRAFT', checkout: { status: 'FAILED', failureReason: 'OUT_OF_STOCK', attempts: 1 }, payment: null });
    expect([...order.checkout.outOfStockSkus].sort()).toEqual(['SHORT-1', 'SHORT-3']);
    for (const sku of ['SHORT-1', 'SHORT-2', 'SHORT-3']) expect((await stockLevel(client, sku)).reserved).toBe(0);

    // Back in DRAFT: the customer fixes the order and checks out again.
    await client.data('mutation($o: ID!, $v: ID!) { removeOrderItem(orderId: $o, variantId: $v) { id } }', { o: orderId, v: variantId('SHORT-3') });
    await client.data('mutation($o: ID!, $v: ID!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: orderId, v: variantId('SHORT-1') });
    await checkout(client, orderId, 'tok_visa', 'short-2');
    expect(await settledOrder(client, orderId)).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 2 } });
  });

  it('releases the reservation on a declined payment and shows the decline in the report', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'DECL', { 'DECL-1': { amount: 700, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('DECL-1'), quantity: 2 }]);
    await checkout(client, orderId, 'tok_decline_insufficient_funds', 'decl-1');
    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'DRAFT', checkout: { status: 'FAILED', failureReason: 'PAYMENT_DECLINED', declineCode: 'insufficient_funds' } });
    expect(order.payment.status).toBe('DECLINED');
    expect(await stockLevel(client, 'DECL-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(await eventTypesOf('stock-DECL-1')).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);

    const day = new Date();
    const { paymentDeclines } = await client.data<{ paymentDeclines: { declineCode: string; count: number }[] }>(
      'query($from: DateTime!, $to: DateTime!) { paymentDeclines(from: $from, to: $to, code: "insufficient_funds") { declineCode bank count } }',
      { from: new Date(day.getTime() - 86_400_000).toISOString(), to: new Date(day.getTime() + 86_400_000).toISOString() },
    );
    expect(paymentDeclines).toEqual([expect.objectContaining({ declineCode: 'insufficient_funds', count: 1 })]);
  });

  it('retries a flaky gateway to success', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'FLAKY', { 'FLAKY-1': { amount: 999, stock: 2 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('FLAKY-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_flaky', 'flaky-1');
    const order = await settledOrder(client, orderId);
    expect(order).toMatchObject({ status: 'PLACED', payment: { status: 'AUTHORIZED' } });
    expect((await eventTypesOf(`payment-${order.payment.id}`)).filter((t) => t === 'PaymentAuthorized')).toHaveLength(1);
  });

  it('starts one checkout for the same idempotency key, and refuses the key for another request', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'IDEM', { 'IDEM-1': { amount: 500, stock: 10 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('IDEM-1'), quantity: 1 }]);
    const answers = await Promise.all([checkout(client, orderId, 'tok_visa', 'same-key'), checkout(client, orderId, 'tok_visa', 'same-key')]);
    expect(answers.every((a) => !a.errors)).toBe(true);
    await settledOrder(client, orderId);
    const again = await checkout(client, orderId, 'tok_visa', 'same-key');
    expect(again.errors).toBeUndefined();
    expect(again.data?.checkoutOrder.status).toBe('PLACED');
    // Once the checkout has finished its token is gone: the key with another token answers the
    // recorded checkout, starting and charging nothing new (while it runs, that is a CONFLICT:
    // checkout-idempotency.test.ts).
    const other = await checkout(client, orderId, 'tok_ok_other', 'same-key');
    expect(other.errors).toBeUndefined();
    expect(other.data?.checkoutOrder.status).toBe('PLACED');
    expect(await testApp.database.db('payment_token_vault').where('token', 'tok_ok_other').count({ n: '*' })).toEqual([{ n: 0 }]);

    expect((await eventTypesOf(`order-${orderId}`)).filter((t) => t === 'CheckoutRequested')).toHaveLength(1);
    expect(await testApp.database.db('checkouts').where({ order_id: orderId }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await stockLevel(client, 'IDEM-1')).reserved).toBe(1);
  });

  it('refuses to check out an empty order or one that is not a draft, appending nothing', async () => {
    const { client } = testApp;
    const empty = await draftOrder(client, []);
    const before = await testApp.database.db('events').count({ n: '*' });
    const answer = await checkout(client, empty, 'tok_visa', 'empty-1');
    expect(answer.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const unknown = await checkout(client, '00000000-0000-4000-8000-000000000000', 'tok_visa', 'unknown-1');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const blankKey = await checkout(client, empty, 'tok_visa', '   ');
    expect(blankKey.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await testApp.database.db('events').count({ n: '*' })).toEqual(before);
  });

  it('pushes every checkout step over checkoutStatusChanged, and orderUpdated along the way', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'PUSH', { 'PUSH-1': { amount: 100, stock: 1 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('PUSH-1'), quantity: 1 }]);
    const socket = testApp.ws();
    const steps = subscribe<{ checkoutStatusChanged: { orderId: string; status: string; failureReason: string | null } }>(
      socket,
      'subscription($o: ID!) { checkoutStatusChanged(orderId: $o) { orderId status failureReason at } }',
      { o: orderId },
    );
    const orders = subscribe<{ orderUpdated: { status: string } }>(socket, 'subscription($o: ID!) { orderUpdated(orderId: $o) { status } }', { o: orderId });
    try {
      await testApp.listening(CHECKOUT_STATUS_CHANGED, orderId);
      await testApp.listening(ORDER_UPDATED, orderId);
      // A push reads the order as it is when sent: the gateway holds the payment, so the order
      // stays CHECKOUT_PENDING until its push has been seen (an unheld checkout may be PLACED by then).
      try {
        await checkout(client, orderId, HELD_CARD, 'push-1');
        await orders.waitFor((p) => p.data?.orderUpdated.status === 'CHECKOUT_PENDING');
      } finally {
        gateway.open();
      }
      await steps.waitFor((p) => p.data?.checkoutStatusChanged.status === 'COMPLETED');
      expect(steps.received.map((p) => p.data!.checkoutStatusChanged.status)).toEqual([
        'STARTED',
        'RESERVING_STOCK',
        'STOCK_RESERVED',
        'AUTHORIZING_PAYMENT',
        'COMPLETED',
      ]);
      await orders.waitFor((p) => p.data?.orderUpdated.status === 'PLACED');
      const statuses = orders.received.map((p) => p.data!.orderUpdated.status);
      // In the order's lifecycle order, never back.
      expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['DRAFT', 'CHECKOUT_PENDING', 'PLACED'].filter((s) => statuses.includes(s)));
    } finally {
      steps.unsubscribe();
      orders.unsubscribe();
      await socket.dispose();
    }
  });
});
