import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutEvent } from '../../server/src/checkout/events';
import { stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { available, reservationOf, shownReservations, stockDecider, totals } from '../../server/src/inventory/stock-decider';
import type { OrderEvent } from '../../server/src/ordering/events';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, CHECKOUT_ORDER_FIELDS, draftOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { allProjectedUpToNow } from '../support/log-position';

const SKU = 'STORM-1';
const STOCK = 50;
const ORDERS = 200;

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

/** Runs `work` over `items` with at most `limit` in flight (setting up 200 orders one by one is needlessly slow). */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) results.push(...(await Promise.all(items.slice(i, i + limit).map(work))));
  return results;
}

/** Every order's read model once all their checkouts have finished (COMPLETED or FAILED). */
async function settledOrders(orderIds: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows: { status: string; count: number }[] = await testApp.database
      .db('checkouts')
      .whereIn('order_id', orderIds)
      .select('status')
      .count({ count: '*' })
      .groupBy('status');
    const finished = rows.filter((r) => r.status === 'COMPLETED' || r.status === 'FAILED').reduce((n, r) => n + Number(r.count), 0);
    if (finished === orderIds.length) break;
    if (Date.now() > deadline) throw new Error(`checkouts did not settle: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Every checkout has recorded its outcome, its last event: once every read model has passed it,
  // the orders, their payments and the stock show the whole storm.
  await allProjectedUpToNow(testApp);
  return inBatches(orderIds, 20, async (id) => {
    const { order } = await testApp.client.data<{ order: any }>(`query($id: ID!) { order(id: $id) { ${CHECKOUT_ORDER_FIELDS} } }`, { id });
    return order;
  });
}

describe('a storm of concurrent checkouts for one SKU', () => {
  it(`stock ${STOCK}, ${ORDERS} orders of 1 checked out at once: ${STOCK} placed, the rest OUT_OF_STOCK, nothing oversold`, { timeout: 240_000 }, async () => {
    const { client, app } = testApp;
    const { variantId } = await stockedProduct(client, 'STORM', { [SKU]: { amount: 1500, stock: STOCK } });
    const orderIds = await inBatches(
      Array.from({ length: ORDERS }, (_, i) => i),
      20,
      () => draftOrder(client, [{ variantId: variantId(SKU), quantity: 1 }]),
    );

    const answers = await Promise.all(orderIds.map((orderId, i) => checkout(client, orderId, 'tok_visa', `storm-${i}`)));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      // Accepted at once; by the time the answer is read the process may already have moved on.
      expect(['CHECKOUT_PENDING', 'PLACED', 'DRAFT']).toContain(answer.data?.checkoutOrder.status);
    }

    // About 15 s on an idle machine; the checkout process works through the ~1,000 steps one at a
    // time, so a busy machine (other suites on the same two cores) can take several times that.
    const orders = await settledOrders(orderIds, 180_000);
    const placed = orders.filter((o) => o.status === 'PLACED');
    const failed = orders.filter((o) => o.status === 'DRAFT');
    expect(placed).toHaveLength(STOCK);
    expect(failed).toHaveLength(ORDERS - STOCK);
    for (const order of placed) {
      expect(order).toMatchObject({ checkout: { status: 'COMPLETED', failureReason: null, attempts: 1 }, payment: { status: 'AUTHORIZED', amountAuthorized: { amount: 1500 } } });
    }
    for (const order of failed) {
      expect(order).toMatchObject({ checkout: { status: 'FAILED', failureReason: 'OUT_OF_STOCK', outOfStockSkus: [SKU], declineCode: null, attempts: 1 }, payment: null });
    }

    const recorded = await app.store.readStream(stockStreamId(SKU), { tenantId: 'demo' });
    const stockEvents = recorded as unknown as StockEvent[];
    await app.projector.waitFor('inventory', recorded.at(-1)!);
    // Placed orders keep their units reserved (confirmed) until they ship: nothing is left to sell.
    expect(await stockLevel(client, SKU)).toEqual({ onHand: STOCK, reserved: STOCK, available: 0 });

    let state = stockDecider.initialState();
    for (const event of stockEvents) {
      state = stockDecider.evolve(state, event);
      expect(totals(state).available, `after ${event.type}`).toBeGreaterThanOrEqual(0);
      for (const warehouse of Object.values(state.warehouses)) expect(available(warehouse)).toBeGreaterThanOrEqual(0);
    }
    expect(totals(state)).toEqual({ onHand: STOCK, reserved: STOCK, available: 0 });

    // Every reservation accounted for: taken once for each placed order's checkout, confirmed, none pending or released;
    // the failed checkouts never took one.
    const checkoutIdOf = async (orderId: string) => {
      const events = (await app.store.readStream(`order-${orderId}`, { tenantId: 'demo' })) as unknown as OrderEvent[];
      const placedEvent = events.find((e) => e.type === 'OrderPlaced');
      const requested = events.filter((e) => e.type === 'CheckoutRequested');
      expect(requested).toHaveLength(1);
      return { checkoutId: requested[0]!.data.checkoutId, placed: placedEvent?.type === 'OrderPlaced' ? placedEvent.data.checkoutId : undefined };
    };
    const placedCheckouts = await inBatches(
      placed.map((o) => o.id as string),
      20,
      async (id) => {
        const { checkoutId, placed: placedWith } = await checkoutIdOf(id);
        expect(placedWith).toBe(checkoutId);
        return checkoutId;
      },
    );
    const failedCheckouts = await inBatches(
      failed.map((o) => o.id as string),
      20,
      async (id) => (await checkoutIdOf(id)).checkoutId,
    );
    const reservedIds = stockEvents.filter((e) => e.type === 'StockReserved').map((e) => e.data.reservationId);
    expect(reservedIds).toHaveLength(STOCK);
    expect(new Set(reservedIds)).toEqual(new Set(placedCheckouts));
    expect(stockEvents.filter((e) => e.type === 'StockReservationConfirmed').map((e) => e.data.reservationId).sort()).toEqual([...placedCheckouts].sort());
    expect(stockEvents.filter((e) => e.type === 'StockReservationReleased')).toEqual([]);
    expect(shownReservations(state).map((r) => r.status)).toEqual(Array(STOCK).fill('CONFIRMED'));
    for (const id of failedCheckouts) expect(reservationOf(state, id)).toBeUndefined();
    expect(await testApp.database.db('inventory_reservations').where({ sku: SKU }).whereNot({ status: 'CONFIRMED' }).count({ n: '*' })).toEqual([{ n: 0 }]);

    // Each failed checkout found the stock gone and said so, once.
    for (const id of failedCheckouts.slice(0, 10)) {
      const events = (await app.store.readStream(`checkout-${id}`, { tenantId: 'demo' })) as unknown as CheckoutEvent[];
      expect(events.map((e) => e.type)).toEqual(['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockUnavailable', 'CheckoutFailed']);
    }
  });
});
