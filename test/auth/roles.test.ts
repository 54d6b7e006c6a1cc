import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type SignedInClient, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { CHECKOUT_ORDER_FIELDS, checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment } from '../support/fulfillment-fixtures';
import type { HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';

let testApp: TestApp;
let staff: SignedInClient;
let customer: SignedInClient;
/** A published product with stock, and a draft one: what each role may see of the catalog differs. */
let shop: { variantId: (sku: string) => string; draftProductId: string; publishedProductId: string };

const CREATE_ORDER = 'mutation { createOrder { id customerId status } }';
const ORDER = 'query($id: ID!) { order(id: $id) { id customerId status } }';
const ORDERS = '{ orders(first: 50) { edges { node { id customerId } } } }';
const STOCK_LEVEL = '{ stockLevel(sku: "ROLE-1") { onHand } }';
const CREATE_PRODUCT = 'mutation { createProduct(input: { name: "Nope", description: "not allowed" }) { id } }';
const PUBLISH = 'mutation($id: ID!) { publishProduct(id: $id) { id status } }';
const PRODUCT = 'query($id: ID!) { product(id: $id) { id status } }';
const PRODUCTS = '{ products(first: 50) { edges { node { id } } } }';
const RECEIVE_STOCK = 'mutation($w: ID!) { receiveStock(input: { sku: "ROLE-1", warehouseId: $w, quantity: 5 }) { onHand } }';
const CREATE_WAREHOUSE = 'mutation { createWarehouse(input: { code: "NOPE", name: "Nope" }) { id } }';
const CAPTURE = 'mutation($p: ID!) { capturePayment(paymentId: $p, amount: { amount: 100, currency: "EUR" }) { id status } }';
const REFUND = 'mutation($p: ID!) { refundPayment(paymentId: $p, amount: { amount: 100, currency: "EUR" }, reason: "no") { id } }';
const CREATE_SHIPMENT = 'mutation($o: ID!, $v: ID!) { createShipment(orderId: $o, lines: [{ variantId: $v, quantity: 1 }], carrier: "DHL") { id } }';
const PAYMENTS = '{ payments(first: 5) { edges { node { id } } } }';
const SHIPMENTS = '{ shipments(first: 5) { edges { node { id } } } }';
const CHECKOUT = 'mutation($o: ID!) { checkoutOrder(orderId: $o, payment: { token: "tok_visa" }, idempotencyKey: "k") { id } }';

/** The operation fails with `code`, and the event log is exactly as long as before. */
async function expectRefused(client: HttpClient, code: string, query: string, variables: Record<string, unknown> = {}) {
  const before = await countEvents(testApp.database.db);
  const result = await client.request(query, variables);
  expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result)).toBe(code);
  expect(await countEvents(testApp.database.db)).toBe(before);
}

/** A PLACED order of `client`, with its payment. */
async function placedOrderOf(client: HttpClient, key: string) {
  const orderId = await draftOrder(client, [{ variantId: shop.variantId('ROLE-1'), quantity: 1 }]);
  await checkout(client, orderId, 'tok_visa', key);
  const order = await settledOrder(client, orderId);
  expect(order.status).toBe('PLACED');
  return { orderId, paymentId: order.payment.id as string };
}

beforeAll(async () => {
  testApp = await startTestApp();
  staff = await testApp.clientAs('STAFF');
  customer = await testApp.clientAs('CUSTOMER');
  const published = await stockedProduct(testApp.client, 'ROLES', { 'ROLE-1': { amount: 500, stock: 50 } });
  const draft = await createProduct(testApp.client, { name: 'Secret draft', variants: [{ sku: 'ROLE-DRAFT', amount: 100 }], publish: false });
  shop = { variantId: published.variantId, draftProductId: draft.productId, publishedProductId: published.productId };
});
afterAll(() => testApp.stop());

describe('anonymous callers', () => {
  it('browse the published catalog only: a draft product is neither listed nor found by id', async () => {
    const { products } = await testApp.anonymous.data<{ products: { edges: { node: { id: string } }[] } }>(PRODUCTS);
    const ids = products.edges.map((e) => e.node.id);
    expect(ids).toContain(shop.publishedProductId);
    expect(ids).not.toContain(shop.draftProductId);
    expect((await testApp.anonymous.data<{ product: unknown }>(PRODUCT, { id: shop.publishedProductId })).product).toMatchObject({ status: 'PUBLISHED' });
    expect((await testApp.anonymous.data<{ product: unknown }>(PRODUCT, { id: shop.draftProductId })).product).toBeNull();
  });

  it('are UNAUTHENTICATED for orders, checkout and stock, and append nothing', async () => {
    const { createOrder } = await testApp.client.data<{ createOrder: { id: string } }>(CREATE_ORDER);
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', CREATE_ORDER);
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', ORDER, { id: createOrder.id });
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', ORDERS);
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', CHECKOUT, { o: createOrder.id });
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', STOCK_LEVEL);
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', CREATE_PRODUCT);
    await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', 'query($o: ID!) { notifications(orderId: $o) { id } }', { o: createOrder.id });
  });
});

describe('CUSTOMER', () => {
  it('creates an order that records them as its customer, fills it and checks it out, seeing its checkout, payment status and shipments', async () => {
    const { createOrder } = await customer.client.data<{ createOrder: { id: string; customerId: string; status: string } }>(CREATE_ORDER);
    expect(createOrder).toMatchObject({ customerId: customer.userId, status: 'DRAFT' });
    await customer.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 2) { id } }', { o: createOrder.id, v: shop.variantId('ROLE-1') });
    await customer.client.data('mutation($o: ID!, $v: ID!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: createOrder.id, v: shop.variantId('ROLE-1') });
    await checkout(customer.client, createOrder.id, 'tok_visa', 'customer-checkout');
    const order = await settledOrder(customer.client, createOrder.id);
    expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED' }, payment: { status: 'AUTHORIZED' } });
    const { order: withShipments } = await customer.client.data<{ order: { shipments: unknown[] } }>(`query($id: ID!) { order(id: $id) { ${CHECKOUT_ORDER_FIELDS} shipments { id status } } }`, {
      id: createOrder.id,
    });
    expect(withShipments.shipments).toEqual([]);
  });

  it('may not see a draft product by id', async () => {
    expect((await customer.client.data<{ product: unknown }>(PRODUCT, { id: shop.draftProductId })).product).toBeNull();
  });

  it('is FORBIDDEN catalog, inventory, payment and fulfillment operations, and appends nothing', async () => {
    const { orderId, paymentId } = await placedOrderOf(customer.client, 'forbidden-ops');
    await expectRefused(customer.client, 'FORBIDDEN', CREATE_PRODUCT);
    await expectRefused(customer.client, 'FORBIDDEN', PUBLISH, { id: shop.draftProductId });
    await expectRefused(customer.client, 'FORBIDDEN', CREATE_WAREHOUSE);
    await expectRefused(customer.client, 'FORBIDDEN', RECEIVE_STOCK, { w: '00000000-0000-4000-8000-000000000000' });
    await expectRefused(customer.client, 'FORBIDDEN', STOCK_LEVEL);
    // Even on their own order's payment and shipments: those are the shop's to do.
    await expectRefused(customer.client, 'FORBIDDEN', CAPTURE, { p: paymentId });
    await expectRefused(customer.client, 'FORBIDDEN', REFUND, { p: paymentId });
    await expectRefused(customer.client, 'FORBIDDEN', CREATE_SHIPMENT, { o: orderId, v: shop.variantId('ROLE-1') });
    await expectRefused(customer.client, 'FORBIDDEN', PAYMENTS);
    await expectRefused(customer.client, 'FORBIDDEN', SHIPMENTS);
    await expectRefused(customer.client, 'FORBIDDEN', 'query($p: ID!) { payment(id: $p) { id } }', { p: paymentId });
  });

  it("is FORBIDDEN their own order's history and past versions (staff tools)", async () => {
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>(CREATE_ORDER);
    await expectRefused(customer.client, 'FORBIDDEN', 'query($id: ID!) { order(id: $id) { id history { type } } }', { id: createOrder.id });
    await expectRefused(customer.client, 'FORBIDDEN', 'query($id: ID!) { order(id: $id, version: 1) { id } }', { id: createOrder.id });
  });
});

describe('STAFF', () => {
  it('is FORBIDDEN catalog changes, and appends nothing', async () => {
    await expectRefused(staff.client, 'FORBIDDEN', CREATE_PRODUCT);
    await expectRefused(staff.client, 'FORBIDDEN', PUBLISH, { id: shop.draftProductId });
    await expectRefused(staff.client, 'FORBIDDEN', 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: shop.publishedProductId });
  });

  it("sees every order of the shop with its history, draft products, stock, and does the shop's work: stock, payments, shipments", async () => {
    const mine = await placedOrderOf(customer.client, 'staff-works');
    const { orders } = await staff.client.data<{ orders: { edges: { node: { id: string; customerId: string } }[] } }>(ORDERS);
    expect(orders.edges.map((e) => e.node)).toContainEqual({ id: mine.orderId, customerId: customer.userId });
    const { order } = await staff.client.data<{ order: { history: { type: string }[] } }>('query($id: ID!) { order(id: $id) { id history { type } } }', { id: mine.orderId });
    expect(order.history.map((h) => h.type)).toContain('OrderPlaced');
    const { order: past } = await staff.client.data<{ order: { status: string } }>('query($id: ID!) { order(id: $id, version: 1) { status } }', { id: mine.orderId });
    expect(past.status).toBe('DRAFT');
    expect((await staff.client.data<{ product: unknown }>(PRODUCT, { id: shop.draftProductId })).product).toMatchObject({ status: 'DRAFT' });

    const { createWarehouse } = await staff.client.data<{ createWarehouse: { id: string } }>('mutation { createWarehouse(input: { code: "STAFF-W", name: "Staff" }) { id } }');
    await staff.client.data(RECEIVE_STOCK, { w: createWarehouse.id });
    expect((await staff.client.data<{ stockLevel: { onHand: number } }>(STOCK_LEVEL)).stockLevel.onHand).toBeGreaterThanOrEqual(55);
    const { capturePayment } = await staff.client.data<{ capturePayment: { status: string } }>(CAPTURE, { p: mine.paymentId });
    expect(capturePayment.status).toBe('PARTIALLY_CAPTURED');
    const shipment = await createShipment(staff.client, mine.orderId, [{ variantId: shop.variantId('ROLE-1'), quantity: 1 }]);
    expect(shipment.status).toBe('PENDING');
  });

  it('owns the orders they create', async () => {
    const { createOrder } = await staff.client.data<{ createOrder: { customerId: string } }>(CREATE_ORDER);
    expect(createOrder.customerId).toBe(staff.userId);
  });
});

describe('ADMIN', () => {
  it('changes the catalog', async () => {
    const { createProduct: created } = await testApp.client.data<{ createProduct: { id: string } }>(CREATE_PRODUCT);
    const { product } = await testApp.client.data<{ product: { status: string } }>(PRODUCT, { id: created.id });
    expect(product.status).toBe('DRAFT');
  });
});
