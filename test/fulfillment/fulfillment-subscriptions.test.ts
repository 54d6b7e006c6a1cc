import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPMENT_UPDATED } from '../../server/src/fulfillment/events';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { startTestApp, type TestApp } from '../support/app';
import { CANCEL_ORDER, createShipment, deliverShipment, placedOrder, SHIPMENT_FIELDS, shipShipment } from '../support/fulfillment-fixtures';
import { subscribe } from '../support/graphql-client';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('fulfillment subscriptions', () => {
  it('pushes shipmentUpdated over a real WebSocket for every shipment change of the order, after it is projected', async () => {
    const { orderId, variantId } = await placedOrder(testApp.client, 'WSS', { 'WSS-1': { amount: 100, stock: 5 } }, { 'WSS-1': 2 });
    const other = await placedOrder(testApp.client, 'WSO', { 'WSO-1': { amount: 100, stock: 5 } }, { 'WSO-1': 1 });
    const watcher = testApp.ws();
    const pushes = subscribe<{ shipmentUpdated: any }>(watcher, `subscription($o: ID!) { shipmentUpdated(orderId: $o) { ${SHIPMENT_FIELDS} } }`, { o: orderId });
    try {
      await testApp.listening(SHIPMENT_UPDATED, orderId);
      const staff = testApp.client;
      // Another order's shipment is not pushed to this subscriber.
      await createShipment(staff, other.orderId, [{ variantId: other.variantId('WSO-1'), quantity: 1 }]);
      const shipment = await createShipment(staff, orderId, [{ variantId: variantId('WSS-1'), quantity: 2 }], 'FedEx');
      await pushes.waitFor((p) => p.data?.shipmentUpdated.status === 'PENDING');
      await shipShipment(staff, shipment.id, 'TRACK-WS');
      const shipped = await pushes.waitFor((p) => p.data?.shipmentUpdated.status === 'SHIPPED');
      expect(shipped.data!.shipmentUpdated).toMatchObject({ id: shipment.id, orderId, carrier: 'FedEx', trackingNumber: 'TRACK-WS' });
      await deliverShipment(staff, shipment.id);
      await pushes.waitFor((p) => p.data?.shipmentUpdated.status === 'DELIVERED');

      expect(pushes.received.map((p) => p.data?.shipmentUpdated.status)).toEqual(['PENDING', 'SHIPPED', 'DELIVERED']);
      expect(pushes.received.every((p) => p.data?.shipmentUpdated.id === shipment.id)).toBe(true);
      // Pushed after the read row changed: a query now shows the same shipment.
      const { shipment: queried } = await staff.data<{ shipment: unknown }>(`query($id: ID!) { shipment(id: $id) { ${SHIPMENT_FIELDS} } }`, { id: shipment.id });
      expect(queried).toEqual(pushes.received.at(-1)!.data!.shipmentUpdated);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('pushes orderUpdated for every new order state: PARTIALLY_SHIPPED, SHIPPED, DELIVERED, and CANCELLED', async () => {
    const { orderId, variantId } = await placedOrder(testApp.client, 'WSU', { 'WSU-1': { amount: 100, stock: 5 } }, { 'WSU-1': 2 });
    const cancelled = await placedOrder(testApp.client, 'WSC', { 'WSC-1': { amount: 100, stock: 5 } }, { 'WSC-1': 1 });
    const watcher = testApp.ws();
    const query = 'subscription($o: ID!) { orderUpdated(orderId: $o) { id status } }';
    const pushes = subscribe<{ orderUpdated: { id: string; status: string } }>(watcher, query, { o: orderId });
    const cancelPushes = subscribe<{ orderUpdated: { id: string; status: string } }>(watcher, query, { o: cancelled.orderId });
    try {
      await testApp.listening(ORDER_UPDATED, orderId);
      await testApp.listening(ORDER_UPDATED, cancelled.orderId);
      const staff = testApp.client;
      const first = await createShipment(staff, orderId, [{ variantId: variantId('WSU-1'), quantity: 1 }]);
      await shipShipment(staff, first.id, 'T1');
      await pushes.waitFor((p) => p.data?.orderUpdated.status === 'PARTIALLY_SHIPPED');
      const second = await createShipment(staff, orderId, [{ variantId: variantId('WSU-1'), quantity: 1 }]);
      await shipShipment(staff, second.id, 'T2');
      await pushes.waitFor((p) => p.data?.orderUpdated.status === 'SHIPPED');
      await deliverShipment(staff, first.id);
      await deliverShipment(staff, second.id);
      await pushes.waitFor((p) => p.data?.orderUpdated.status === 'DELIVERED');

      await staff.data(CANCEL_ORDER, { o: cancelled.orderId, r: 'changed mind' });
      await cancelPushes.waitFor((p) => p.data?.orderUpdated.status === 'CANCELLED');

      // Statuses arrive in order, never going back.
      const seen = [...new Set(pushes.received.map((p) => p.data?.orderUpdated.status))];
      expect(seen).toEqual(['PLACED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED']);
    } finally {
      pushes.unsubscribe();
      cancelPushes.unsubscribe();
      await watcher.dispose();
    }
  });
});
