import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { draftOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import {
  CANCEL_ORDER,
  CANCEL_SHIPMENT,
  createShipment,
  FULFILLED_ORDER_FIELDS,
  fulfilledOrder,
  paymentOf,
  placedOrder,
  SHIP,
  shipShipment,
  DELIVER,
} from '../support/fulfillment-fixtures';
import { expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const eventTypesOf = async (streamId: string) =>
  (await testApp.database.db('events').where('stream_id', streamId).orderBy('global_position').pluck('event_type')) as string[];

const CANCEL_WITH_HISTORY = `mutation($o: ID!, $r: String!) { cancelOrder(orderId: $o, reason: $r) { ${FULFILLED_ORDER_FIELDS} history { type } } }`;

describe('cancelling an order', () => {
  it('cancels a placed order: stock available again, authorization voided, pending shipments cancelled', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'CXL', { 'CXL-1': { amount: 800, stock: 4 } }, { 'CXL-1': 3 });
    expect(await stockLevel(client, 'CXL-1')).toEqual({ onHand: 4, reserved: 3, available: 1 });
    const pending = await createShipment(client, orderId, [{ variantId: variantId('CXL-1'), quantity: 1 }]);

    const { cancelOrder } = await client.data<{ cancelOrder: any }>(CANCEL_WITH_HISTORY, { o: orderId, r: 'customer changed their mind' });
    expect(cancelOrder.status).toBe('CANCELLED');
    // The answer's history already tells the cancellation and what followed from it.
    expect(cancelOrder.history.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['OrderCancelled', 'StockReservationReleased', 'PaymentVoided', 'ShipmentCancelled']));
    expect(cancelOrder.payment).toMatchObject({ status: 'VOIDED', amountCaptured: { amount: 0 } });
    expect(cancelOrder.shipments).toEqual([{ id: pending.id, status: 'CANCELLED' }]);
    expect(await stockLevel(client, 'CXL-1')).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await eventTypesOf(`order-${orderId}`)).toContain('OrderCancelled');

    // The release is recorded as a cancellation in the stock ledger.
    const { stockMovements } = await client.data<{ stockMovements: { edges: { node: { type: string; reason: string | null; orderId: string | null } }[] } }>(
      'query { stockMovements(sku: "CXL-1", first: 1) { edges { node { type reason orderId } } } }',
    );
    expect(stockMovements.edges[0]!.node).toEqual({ type: 'RELEASED', reason: 'CANCELLED', orderId });

    // A cancelled order stays cancelled: no second cancellation, no shipping, no new checkout.
    await expectRejected(testApp, 'INVALID_STATE', CANCEL_ORDER, { o: orderId, r: 'again' });
    await expectRejected(testApp, 'INVALID_STATE', SHIP, { s: pending.id, t: 'TRACK' });
    await expectRejected(testApp, 'INVALID_STATE', 'mutation($o: ID!) { checkoutOrder(orderId: $o, payment: { token: "tok_visa" }, idempotencyKey: "cxl-again") { id } }', { o: orderId });
  });

  it('cancels a draft order, which then cannot be changed', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'CXD', { 'CXD-1': { amount: 100, stock: 1 } });
    const orderId = await draftOrder(client, [{ variantId: variantId('CXD-1'), quantity: 1 }]);
    const { cancelOrder } = await client.data<{ cancelOrder: any }>(CANCEL_ORDER, { o: orderId, r: 'abandoned' });
    expect(cancelOrder).toMatchObject({ status: 'CANCELLED', payment: null });
    await expectRejected(testApp, 'INVALID_STATE', 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', {
      o: orderId,
      v: variantId('CXD-1'),
    });
  });

  it('refuses to cancel once anything has shipped, changing nothing', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'CXS', { 'CXS-1': { amount: 300, stock: 5 } }, { 'CXS-1': 2 });
    const shipment = await createShipment(client, orderId, [{ variantId: variantId('CXS-1'), quantity: 1 }]);
    await shipShipment(client, shipment.id, 'TRACK-CXS');
    const before = { stock: await stockLevel(client, 'CXS-1'), payment: await paymentOf(client, orderId) };

    const error = await expectRejected(testApp, 'INVALID_STATE', CANCEL_ORDER, { o: orderId, r: 'too late' });
    expect(error.message).toMatch(/PARTIALLY_SHIPPED/);
    expect((await fulfilledOrder(client, orderId)).status).toBe('PARTIALLY_SHIPPED');
    expect({ stock: await stockLevel(client, 'CXS-1'), payment: await paymentOf(client, orderId) }).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown order and BAD_USER_INPUT for an empty reason', async () => {
    await expectRejected(testApp, 'NOT_FOUND', CANCEL_ORDER, { o: '00000000-0000-4000-8000-000000000000', r: 'x' });
    const { orderId } = await placedOrder(testApp.client, 'CXR', { 'CXR-1': { amount: 300, stock: 1 } }, { 'CXR-1': 1 });
    await expectRejected(testApp, 'BAD_USER_INPUT', CANCEL_ORDER, { o: orderId, r: '   ' });
  });
});

describe('shipment transitions', () => {
  it('refuses to ship twice: no second commit, no second capture', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'TWICE', { 'TWICE-1': { amount: 400, stock: 3 } }, { 'TWICE-1': 2 });
    const shipment = await createShipment(client, orderId, [{ variantId: variantId('TWICE-1'), quantity: 1 }]);
    await shipShipment(client, shipment.id, 'TRACK-1');
    const stock = await stockLevel(client, 'TWICE-1');
    expect(stock).toEqual({ onHand: 2, reserved: 1, available: 1 });
    expect(await paymentOf(client, orderId)).toMatchObject({ captured: 400 });

    await expectRejected(testApp, 'INVALID_STATE', SHIP, { s: shipment.id, t: 'TRACK-1' });
    await expectRejected(testApp, 'INVALID_STATE', SHIP, { s: shipment.id, t: 'TRACK-2' });
    expect(await stockLevel(client, 'TWICE-1')).toEqual(stock);
    expect(await paymentOf(client, orderId)).toMatchObject({ captured: 400 });
  });

  it('cancels a shipment only while it is pending, and its units can then go in another', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'CSH', { 'CSH-1': { amount: 100, stock: 3 } }, { 'CSH-1': 2 });
    const first = await createShipment(client, orderId, [{ variantId: variantId('CSH-1'), quantity: 2 }]);
    const { cancelShipment } = await client.data<{ cancelShipment: any }>(CANCEL_SHIPMENT, { s: first.id });
    expect(cancelShipment.status).toBe('CANCELLED');
    // Terminal: a cancelled shipment can be neither shipped, delivered nor cancelled again.
    await expectRejected(testApp, 'INVALID_STATE', SHIP, { s: first.id, t: 'T' });
    await expectRejected(testApp, 'INVALID_STATE', DELIVER, { s: first.id });
    await expectRejected(testApp, 'INVALID_STATE', CANCEL_SHIPMENT, { s: first.id });

    const second = await createShipment(client, orderId, [{ variantId: variantId('CSH-1'), quantity: 2 }]);
    await expectRejected(testApp, 'INVALID_STATE', DELIVER, { s: second.id });
    await shipShipment(client, second.id, 'TRACK-CSH');
    await expectRejected(testApp, 'INVALID_STATE', CANCEL_SHIPMENT, { s: second.id });
    await client.data(DELIVER, { s: second.id });
    await expectRejected(testApp, 'INVALID_STATE', CANCEL_SHIPMENT, { s: second.id });
    await expectRejected(testApp, 'INVALID_STATE', DELIVER, { s: second.id });
    expect((await fulfilledOrder(client, orderId)).status).toBe('DELIVERED');
  });

  it('refuses shipments of orders that are not placed, and lines the order does not have', async () => {
    const { client } = testApp;
    const { variantId } = await stockedProduct(client, 'NOSHIP', { 'NOSHIP-1': { amount: 100, stock: 2 }, 'NOSHIP-2': { amount: 100, stock: 2 } });
    const draft = await draftOrder(client, [{ variantId: variantId('NOSHIP-1'), quantity: 1 }]);
    const create = 'mutation($o: ID!, $l: [ShipmentLineInput!]!, $c: String!) { createShipment(orderId: $o, lines: $l, carrier: $c) { id } }';
    await expectRejected(testApp, 'INVALID_STATE', create, { o: draft, l: [{ variantId: variantId('NOSHIP-1'), quantity: 1 }], c: 'DHL' });

    const { orderId } = await placedOrder(client, 'NOSHIPB', { 'NOSHIPB-1': { amount: 100, stock: 2 } }, { 'NOSHIPB-1': 1 });
    await expectRejected(testApp, 'BAD_USER_INPUT', create, { o: orderId, l: [{ variantId: variantId('NOSHIP-2'), quantity: 1 }], c: 'DHL' });
    await expectRejected(testApp, 'BAD_USER_INPUT', create, { o: orderId, l: [], c: 'DHL' });
    await expectRejected(testApp, 'NOT_FOUND', create, { o: '00000000-0000-4000-8000-000000000000', l: [], c: 'DHL' });
    await expectRejected(testApp, 'NOT_FOUND', SHIP, { s: '00000000-0000-4000-8000-000000000000', t: 'T' });
  });
});

describe('shipments query', () => {
  it('lists shipments newest first, filtered by status, as a connection', async () => {
    const { client } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'LIST', { 'LIST-1': { amount: 100, stock: 5 } }, { 'LIST-1': 3 });
    const a = await createShipment(client, orderId, [{ variantId: variantId('LIST-1'), quantity: 1 }]);
    const b = await createShipment(client, orderId, [{ variantId: variantId('LIST-1'), quantity: 1 }]);
    await shipShipment(client, a.id, 'TRACK-LIST');
    const page = async (status: string | null, after?: string) =>
      (
        await client.data<{ shipments: { edges: { node: { id: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
          'query($s: ShipmentStatus, $a: String) { shipments(status: $s, first: 1, after: $a) { edges { node { id status } } pageInfo { hasNextPage endCursor } } }',
          { s: status, a: after },
        )
      ).shipments;
    const pending = await page('PENDING');
    expect(pending.edges[0]!.node).toEqual({ id: b.id, status: 'PENDING' });
    const shipped = await page('SHIPPED');
    expect(shipped.edges.map((e) => e.node.id)).toContain(a.id);
    const first = await page(null);
    expect(first.edges[0]!.node.id).toBe(b.id);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(null, first.pageInfo.endCursor!);
    expect(second.edges[0]!.node.id).toBe(a.id);
    const { shipment } = await client.data<{ shipment: { id: string; trackingNumber: string } }>('query($id: ID!) { shipment(id: $id) { id trackingNumber } }', { id: a.id });
    expect(shipment).toEqual({ id: a.id, trackingNumber: 'TRACK-LIST' });
  });
});
