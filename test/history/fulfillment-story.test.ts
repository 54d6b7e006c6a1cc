import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_HISTORY_PROJECTION } from '../../server/src/history/order-history-projection';
import { startTestApp, type TestApp } from '../support/app';
import { CANCEL_ORDER, createShipment, deliverShipment, placedOrder, shipShipment } from '../support/fulfillment-fixtures';
import { projectedUpToNow } from '../support/log-position';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

async function storyOf(orderId: string) {
  await projectedUpToNow(testApp, ORDER_HISTORY_PROJECTION);
  const { order } = await testApp.client.data<{ order: { history: { type: string; streamType: string }[] } }>('query($id: ID!) { order(id: $id) { history { type streamType } } }', {
    id: orderId,
  });
  return order.history;
}

async function notificationKinds(orderId: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { notifications } = await testApp.client.data<{ notifications: { kind: string }[] }>('query($o: ID!) { notifications(orderId: $o) { kind } }', { o: orderId });
    if (notifications.length >= count || Date.now() > deadline) return notifications.map((n) => n.kind);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the story of a fulfilled and of a cancelled order', () => {
  it('shows shipments, stock commits and captures in the history, and notifies placed, shipped and delivered once each', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'STORY', { 'STORY-1': { amount: 1000, stock: 5 } }, { 'STORY-1': 2 });
    const shipment = await createShipment(client, orderId, [{ variantId: variantId('STORY-1'), quantity: 2 }]);
    await shipShipment(client, shipment.id, 'TRACK-STORY');
    await deliverShipment(client, shipment.id);

    const kinds = await notificationKinds(orderId, 3);
    expect(kinds).toEqual(['ORDER_PLACED', 'SHIPMENT_SHIPPED', 'SHIPMENT_DELIVERED']);

    const history = await storyOf(orderId);
    const types = history.map((e) => e.type);
    for (const type of ['OrderPlaced', 'ShipmentCreated', 'ShipmentShipped', 'StockReservationCommitted', 'PaymentCaptured', 'ShipmentDelivered']) expect(types).toContain(type);
    expect(types.indexOf('ShipmentCreated')).toBeLessThan(types.indexOf('ShipmentShipped'));
    expect(types.indexOf('ShipmentShipped')).toBeLessThan(types.indexOf('ShipmentDelivered'));
    expect(new Set(history.map((e) => e.streamType))).toEqual(new Set(['Order', 'Checkout', 'Payment', 'StockItem', 'Shipment']));
  });

  it('shows the cancellation, the released stock and the voided payment, and notifies the cancellation once', async () => {
    const { client } = testApp;
    const { orderId } = await placedOrder(client, 'STORYC', { 'STORYC-1': { amount: 500, stock: 5 } }, { 'STORYC-1': 1 });
    await client.data(CANCEL_ORDER, { o: orderId, r: 'no longer needed' });

    const history = await (async () => {
      // Cancellation completes in the background (stock release, void): wait until it has.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const story = await storyOf(orderId);
        if (story.some((e) => e.type === 'PaymentVoided') || Date.now() > deadline) return story;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const types = history.map((e) => e.type);
    for (const type of ['OrderCancelled', 'StockReservationReleased', 'PaymentVoided']) expect(types).toContain(type);
    expect(await notificationKinds(orderId, 2)).toEqual(['ORDER_PLACED', 'ORDER_CANCELLED']);
  });
});
