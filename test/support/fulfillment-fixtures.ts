import type { HttpClient } from './graphql-client';
import { CHECKOUT_ORDER_FIELDS, checkout, draftOrder, settledOrder, stockedProduct } from './checkout-fixtures';

export const SHIPMENT_FIELDS = 'id orderId status carrier trackingNumber lines { variantId sku quantity } createdAt shippedAt deliveredAt';
export const FULFILLED_ORDER_FIELDS = `${CHECKOUT_ORDER_FIELDS} shipments { id status }`;

/** A PLACED order for the given lines of a freshly stocked product. */
export async function placedOrder(client: HttpClient, prefix: string, skus: Record<string, { amount: number; stock: number }>, quantities: Record<string, number>) {
  const product = await stockedProduct(client, prefix, skus);
  const orderId = await draftOrder(
    client,
    Object.entries(quantities).map(([sku, quantity]) => ({ variantId: product.variantId(sku), quantity })),
  );
  await checkout(client, orderId, 'tok_visa', `${prefix}-checkout`);
  const order = await settledOrder(client, orderId);
  if (order.status !== 'PLACED') throw new Error(`order ${orderId} was not placed: ${JSON.stringify(order)}`);
  return { orderId, variantId: product.variantId, paymentId: order.payment.id as string };
}

export const CREATE_SHIPMENT = `mutation($o: ID!, $l: [ShipmentLineInput!]!, $c: String!) { createShipment(orderId: $o, lines: $l, carrier: $c) { ${SHIPMENT_FIELDS} } }`;
export const SHIP = `mutation($s: ID!, $t: String!) { shipShipment(shipmentId: $s, trackingNumber: $t) { ${SHIPMENT_FIELDS} } }`;
export const DELIVER = `mutation($s: ID!) { deliverShipment(shipmentId: $s) { ${SHIPMENT_FIELDS} } }`;
export const CANCEL_SHIPMENT = `mutation($s: ID!) { cancelShipment(shipmentId: $s) { ${SHIPMENT_FIELDS} } }`;
export const CANCEL_ORDER = `mutation($o: ID!, $r: String!) { cancelOrder(orderId: $o, reason: $r) { ${FULFILLED_ORDER_FIELDS} } }`;

export async function createShipment(client: HttpClient, orderId: string, lines: { variantId: string; quantity: number }[], carrier = 'DHL') {
  return (await client.data<{ createShipment: any }>(CREATE_SHIPMENT, { o: orderId, l: lines, c: carrier })).createShipment;
}

export async function shipShipment(client: HttpClient, shipmentId: string, trackingNumber: string) {
  return (await client.data<{ shipShipment: any }>(SHIP, { s: shipmentId, t: trackingNumber })).shipShipment;
}

export async function deliverShipment(client: HttpClient, shipmentId: string) {
  return (await client.data<{ deliverShipment: any }>(DELIVER, { s: shipmentId })).deliverShipment;
}

export async function fulfilledOrder(client: HttpClient, orderId: string) {
  return (await client.data<{ order: any }>(`query($id: ID!) { order(id: $id) { ${FULFILLED_ORDER_FIELDS} } }`, { id: orderId })).order;
}

/** The payment's amounts as the order shows them. */
export async function paymentOf(client: HttpClient, orderId: string) {
  const { payment } = await fulfilledOrder(client, orderId);
  return { status: payment.status, authorized: payment.amountAuthorized.amount, captured: payment.amountCaptured.amount, refunded: payment.amountRefunded.amount };
}
