import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { createShipment, deliverShipment, fulfilledOrder, paymentOf, placedOrder, shipShipment } from '../support/fulfillment-fixtures';
import { expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const REFUND = 'mutation($p: ID!, $a: MoneyInput!, $r: String!) { refundPayment(paymentId: $p, amount: $a, reason: $r) { id status amountRefunded { amount } } }';

describe('order lifecycle through fulfillment', () => {
  it('draft → placed → shipped → delivered, with stock and payment right at every step, then a refund shows on the order', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'LIFE', { 'LIFE-1': { amount: 1000, stock: 5 }, 'LIFE-2': { amount: 250, stock: 5 } });
    const orderId = await draftOrder(client, [
      { variantId: variantId('LIFE-1'), quantity: 2 },
      { variantId: variantId('LIFE-2'), quantity: 1 },
    ]);

    // DRAFT: nothing reserved, no payment.
    expect(await fulfilledOrder(client, orderId)).toMatchObject({ status: 'DRAFT', payment: null, shipments: [] });
    expect(await stockLevel(client, 'LIFE-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });

    // PLACED: reserved and authorized, nothing captured.
    await checkout(client, orderId, 'tok_visa', 'life-1');
    expect((await settledOrder(client, orderId)).status).toBe('PLACED');
    expect(await stockLevel(client, 'LIFE-1')).toEqual({ onHand: 5, reserved: 2, available: 3 });
    expect(await stockLevel(client, 'LIFE-2')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(await paymentOf(client, orderId)).toEqual({ status: 'AUTHORIZED', authorized: 2250, captured: 0, refunded: 0 });

    // A pending shipment changes neither stock nor payment.
    const shipment = await createShipment(client, orderId, [
      { variantId: variantId('LIFE-1'), quantity: 2 },
      { variantId: variantId('LIFE-2'), quantity: 1 },
    ]);
    expect(shipment).toMatchObject({ orderId, status: 'PENDING', carrier: 'DHL', trackingNumber: null, shippedAt: null });
    expect(shipment.lines).toEqual([
      { variantId: variantId('LIFE-1'), sku: 'LIFE-1', quantity: 2 },
      { variantId: variantId('LIFE-2'), sku: 'LIFE-2', quantity: 1 },
    ]);
    expect((await fulfilledOrder(client, orderId)).status).toBe('PLACED');
    expect(await stockLevel(client, 'LIFE-1')).toEqual({ onHand: 5, reserved: 2, available: 3 });

    // SHIPPED: the units leave on-hand and reserved; the whole amount is captured.
    const shipped = await shipShipment(client, shipment.id, 'TRACK-LIFE-1');
    expect(shipped).toMatchObject({ status: 'SHIPPED', trackingNumber: 'TRACK-LIFE-1' });
    expect(shipped.shippedAt).not.toBeNull();
    expect(await stockLevel(client, 'LIFE-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    expect(await stockLevel(client, 'LIFE-2')).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await paymentOf(client, orderId)).toEqual({ status: 'CAPTURED', authorized: 2250, captured: 2250, refunded: 0 });
    expect(await fulfilledOrder(client, orderId)).toMatchObject({ status: 'SHIPPED', shipments: [{ id: shipment.id, status: 'SHIPPED' }] });

    // DELIVERED.
    const delivered = await deliverShipment(client, shipment.id);
    expect(delivered.status).toBe('DELIVERED');
    expect(delivered.deliveredAt).not.toBeNull();
    expect((await fulfilledOrder(client, orderId)).status).toBe('DELIVERED');
    expect(await stockLevel(client, 'LIFE-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });

    // A refund of the delivered order, through refundPayment, shows on the order.
    const { paymentId } = { paymentId: (await fulfilledOrder(client, orderId)).payment.id };
    await client.data(REFUND, { p: paymentId, a: { amount: 500, currency: 'EUR' }, r: 'scratched' });
    expect(await paymentOf(client, orderId)).toEqual({ status: 'PARTIALLY_REFUNDED', authorized: 2250, captured: 2250, refunded: 500 });
    expect((await fulfilledOrder(client, orderId)).status).toBe('DELIVERED');

    // Never more than was captured.
    await expectRejected(testApp, 'BAD_USER_INPUT', REFUND, { p: paymentId, a: { amount: 1751, currency: 'EUR' }, r: 'too much' });
    await client.data(REFUND, { p: paymentId, a: { amount: 1750, currency: 'EUR' }, r: 'the rest' });
    expect(await paymentOf(client, orderId)).toEqual({ status: 'REFUNDED', authorized: 2250, captured: 2250, refunded: 2250 });
    await expectRejected(testApp, 'INVALID_STATE', REFUND, { p: paymentId, a: { amount: 1, currency: 'EUR' }, r: 'again' });
  });

  it('ships part of an order, then the rest: PARTIALLY_SHIPPED, SHIPPED, DELIVERED once every shipment arrived', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'PART', { 'PART-1': { amount: 1000, stock: 5 }, 'PART-2': { amount: 500, stock: 2 } }, { 'PART-1': 3, 'PART-2': 1 });
    expect(await paymentOf(client, orderId)).toMatchObject({ authorized: 3500, captured: 0 });

    const first = await createShipment(client, orderId, [{ variantId: variantId('PART-1'), quantity: 2 }], 'UPS');
    // Pending shipments count: only one PART-1 is left to put in another shipment.
    await expectRejected(testApp, 'BAD_USER_INPUT', 'mutation($o: ID!, $l: [ShipmentLineInput!]!) { createShipment(orderId: $o, lines: $l, carrier: "UPS") { id } }', {
      o: orderId,
      l: [{ variantId: variantId('PART-1'), quantity: 2 }],
    });

    await shipShipment(client, first.id, 'TRACK-PART-1');
    expect((await fulfilledOrder(client, orderId)).status).toBe('PARTIALLY_SHIPPED');
    expect(await stockLevel(client, 'PART-1')).toEqual({ onHand: 3, reserved: 1, available: 2 });
    expect(await stockLevel(client, 'PART-2')).toEqual({ onHand: 2, reserved: 1, available: 1 });
    // Each shipment captures what its lines are worth.
    expect(await paymentOf(client, orderId)).toEqual({ status: 'PARTIALLY_CAPTURED', authorized: 3500, captured: 2000, refunded: 0 });

    // The first shipment arriving does not make the order delivered: the rest has not shipped.
    await deliverShipment(client, first.id);
    expect((await fulfilledOrder(client, orderId)).status).toBe('PARTIALLY_SHIPPED');

    const rest = await createShipment(client, orderId, [
      { variantId: variantId('PART-1'), quantity: 1 },
      { variantId: variantId('PART-2'), quantity: 1 },
    ]);
    await shipShipment(client, rest.id, 'TRACK-PART-2');
    expect((await fulfilledOrder(client, orderId)).status).toBe('SHIPPED');
    expect(await stockLevel(client, 'PART-1')).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(await stockLevel(client, 'PART-2')).toEqual({ onHand: 1, reserved: 0, available: 1 });
    expect(await paymentOf(client, orderId)).toEqual({ status: 'CAPTURED', authorized: 3500, captured: 3500, refunded: 0 });

    // Nothing is left to ship.
    await expectRejected(testApp, 'INVALID_STATE', 'mutation($o: ID!, $l: [ShipmentLineInput!]!) { createShipment(orderId: $o, lines: $l, carrier: "UPS") { id } }', {
      o: orderId,
      l: [{ variantId: variantId('PART-1'), quantity: 1 }],
    });

    await deliverShipment(client, rest.id);
    const order = await fulfilledOrder(client, orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.shipments).toEqual([
      { id: first.id, status: 'DELIVERED' },
      { id: rest.id, status: 'DELIVERED' },
    ]);
  });
});
