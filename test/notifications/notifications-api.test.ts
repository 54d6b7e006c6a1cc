import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentEvent } from '../../server/src/fulfillment/events';
import { newId } from '../../server/src/shared/ids';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { until } from './fixtures';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

interface Notification {
  id: string;
  orderId: string;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: string;
  sentAt: string;
}

const notificationsOf = async (orderId: string) =>
  (
    await testApp.client.data<{ notifications: Notification[] }>('query($o: ID!) { notifications(orderId: $o) { id orderId kind recipient subject body data createdAt sentAt } }', {
      o: orderId,
    })
  ).notifications;

/** Waits for the dispatcher to have sent `count` notifications about the order. */
async function sent(orderId: string, count: number): Promise<Notification[]> {
  await until(async () => (await notificationsOf(orderId)).length >= count);
  return notificationsOf(orderId);
}

describe('notifications', () => {
  it('tells the customer their order is placed, and later that it was refunded', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'NOTE', { 'NOTE-1': { amount: 1250, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('NOTE-1'), quantity: 2 }]);
    await checkout(client, orderId, 'tok_visa', 'note-1');
    const order = await settledOrder(client, orderId);

    const [placed] = await sent(orderId, 1);
    expect(placed).toMatchObject({ orderId, kind: 'ORDER_PLACED', recipient: `customer-of-order:${orderId}`, data: { eventType: 'OrderPlaced', total: { amount: 2500, currency: 'EUR' } } });
    expect(placed!.subject).toContain('placed');
    expect(placed!.body).toContain('25.00 EUR');

    const paymentId = order.payment.id;
    await client.data('mutation($p: ID!) { capturePayment(paymentId: $p, amount: { amount: 2500, currency: "EUR" }) { id } }', { p: paymentId });
    await client.data('mutation($p: ID!) { refundPayment(paymentId: $p, amount: { amount: 1250, currency: "EUR" }, reason: "one arrived broken") { id } }', { p: paymentId });
    const afterRefund = await sent(orderId, 2);
    expect(afterRefund.map((n) => n.kind)).toEqual(['ORDER_PLACED', 'PAYMENT_REFUNDED']);
    expect(afterRefund[1]!.body).toContain('12.50 EUR');
    expect(afterRefund[1]!.body).toContain('one arrived broken');
  });

  it('tells the customer a checkout failed', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'NOTF', { 'NOTF-1': { amount: 300, stock: 3 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('NOTF-1'), quantity: 1 }]);
    await checkout(client, orderId, 'tok_decline_insufficient_funds', 'notf-1');
    await settledOrder(client, orderId);
    const [failed] = await sent(orderId, 1);
    expect(failed).toMatchObject({ kind: 'CHECKOUT_FAILED', data: { eventType: 'OrderCheckoutFailed' } });
    expect(failed!.body).toContain('PAYMENT_DECLINED');
  });

  it('tells the customer about shipping, delivery and cancellation, once each', async () => {
    const { store } = testApp.app;
    const orderId = newId();
    const shipmentId = newId();
    // Appended as the fulfillment context records them.
    await store.append({ streamId: `order-${orderId}`, streamType: 'Order', expectedVersion: 0, events: [{ type: 'OrderCreated', data: { orderId } }] }, { tenantId: 'demo' });
    await store.append({
      streamId: `shipment-${shipmentId}`,
      streamType: 'Shipment',
      expectedVersion: 0,
      // Whole events, as the shipments projection and the fulfillment process read them (a payment nobody created captures nothing).
      events: [
        { type: 'ShipmentCreated', data: { shipmentId, orderId, carrier: 'DHL', lines: [] } },
        {
          type: 'ShipmentShipped',
          data: { shipmentId, orderId, trackingNumber: 'JJD000123', reservationId: newId(), paymentId: newId(), amount: { amount: 0, currency: 'EUR' }, completesOrder: true },
        },
      ] satisfies ShipmentEvent[],
    }, { tenantId: 'demo' });
    await store.append({ streamId: `shipment-${shipmentId}`, streamType: 'Shipment', expectedVersion: 2, events: [{ type: 'ShipmentDelivered', data: { shipmentId, orderId } }] }, { tenantId: 'demo' });
    await store.append({ streamId: `order-${orderId}`, streamType: 'Order', expectedVersion: 1, events: [{ type: 'OrderCancelled', data: { orderId, reason: 'test' } }] }, { tenantId: 'demo' });

    const notifications = await sent(orderId, 3);
    expect(notifications.map((n) => n.kind)).toEqual(['SHIPMENT_SHIPPED', 'SHIPMENT_DELIVERED', 'ORDER_CANCELLED']);
    expect(notifications[0]!.body).toContain('JJD000123');
    // Another pass over the outbox (the dispatcher keeps making them) sends nothing a second time.
    await testApp.app.notifications.dispatcher.dispatchBatch();
    expect(await notificationsOf(orderId)).toHaveLength(3);
    const outbox = await testApp.database.db('notification_outbox').where({ order_id: orderId });
    expect(outbox.every((r: { attempts: number; dispatched_at: Date | null }) => r.attempts === 1 && r.dispatched_at !== null)).toBe(true);
  });

  it('answers an empty list for an order without notifications', async () => {
    expect(await notificationsOf(newId())).toEqual([]);
  });
});
