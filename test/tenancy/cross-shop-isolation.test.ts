import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_ROLE, withTenant } from '../../server/src/db/tenant-scope';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment } from '../support/fulfillment-fixtures';
import { httpClient, type GraphQLResponse, type HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';

/** The same SKU and warehouse code in both shops: each shop has its own. */
const SKU = 'TWIN-MUG';
const WAREHOUSE = 'MAIN';

interface Shop {
  slug: string;
  admin: HttpClient;
  staff: HttpClient;
  productId: string;
  variantId: string;
  warehouseId: string;
  orderId: string;
  paymentId: string;
  shipmentId: string;
}

let testApp: TestApp;
let a: Shop;
let b: Shop;

/** Opens a shop through the API, then fills it: a stocked product, a placed order and its shipment. */
async function openShop(slug: string, stock: number): Promise<Shop> {
  const { createShop } = await testApp.anonymous.data<{ createShop: { token: string } }>(
    'mutation($s: String!, $n: String!, $o: ShopOwnerInput!) { createShop(slug: $s, name: $n, owner: $o) { token } }',
    { s: slug, n: `Shop ${slug}`, o: { email: `owner@${slug}.test`, password: 'correct horse battery', name: `Owner of ${slug}` } },
  );
  const admin = httpClient(testApp.app.url, { authorization: `Bearer ${createShop.token}` });
  const { client: staff } = await testApp.clientAs('STAFF', { shopId: slug });
  const product = await stockedProduct(admin, WAREHOUSE, { [SKU]: { amount: 1200, stock } });
  const orderId = await draftOrder(admin, [{ variantId: product.variantId(SKU), quantity: 2 }]);
  await checkout(admin, orderId, 'tok_visa', `${slug}-checkout`);
  const order = await settledOrder(admin, orderId);
  expect(order.status).toBe('PLACED');
  const shipment = await createShipment(staff, orderId, [{ variantId: product.variantId(SKU), quantity: 1 }]);
  return { slug, admin, staff, productId: product.productId, variantId: product.variantId(SKU), warehouseId: product.warehouseId, orderId, paymentId: order.payment.id, shipmentId: shipment.id };
}

/** Another shop's record is answered as if it did not exist: null, or NOT_FOUND, never the data. */
function expectHidden(result: GraphQLResponse, field: string) {
  const code = result.errors?.[0]?.extensions?.code;
  if (code !== undefined) expect(code).toBe('NOT_FOUND');
  else expect(result.data?.[field], JSON.stringify(result)).toBeNull();
}

/** A write aimed at another shop's record fails with `code` and appends nothing anywhere. */
async function expectRefused(client: HttpClient, code: string, query: string, variables: Record<string, unknown>) {
  const before = await countEvents(testApp.database.db);
  const { code: actual } = await client.error(query, variables);
  expect(actual).toBe(code);
  expect(await countEvents(testApp.database.db)).toBe(before);
}

beforeAll(async () => {
  testApp = await startTestApp();
  a = await openShop('shop-a', 5);
  b = await openShop('shop-b', 7);
});

afterAll(async () => {
  await testApp?.stop();
});

describe("shop A's staff cannot see shop B's data", () => {
  it('orders: by id (also as it stood at version 1) and in the list', async () => {
    expectHidden(await a.staff.request('query($id: ID!) { order(id: $id) { id status } }', { id: b.orderId }), 'order');
    expectHidden(await a.staff.request('query($id: ID!) { order(id: $id, version: 1) { id status } }', { id: b.orderId }), 'order');
    const { orders } = await a.staff.data<{ orders: { edges: { node: { id: string } }[] } }>('{ orders(first: 100) { edges { node { id } } } }');
    expect(orders.edges.map((e) => e.node.id)).toEqual([a.orderId]);
    // The same query in shop B finds B's order: the order exists, just not for A.
    expect((await b.staff.data<{ order: { id: string } }>('query($id: ID!) { order(id: $id) { id } }', { id: b.orderId })).order.id).toBe(b.orderId);
  });

  it('payments: by id and in the list', async () => {
    expectHidden(await a.staff.request('query($id: ID!) { payment(id: $id) { id status } }', { id: b.paymentId }), 'payment');
    const { payments } = await a.staff.data<{ payments: { edges: { node: { id: string; orderId: string } }[] } }>('{ payments(first: 100) { edges { node { id orderId } } } }');
    expect(payments.edges.map((e) => e.node.id)).toEqual([a.paymentId]);
  });

  it('shipments: by id and in the list', async () => {
    expectHidden(await a.staff.request('query($id: ID!) { shipment(id: $id) { id status } }', { id: b.shipmentId }), 'shipment');
    const { shipments } = await a.staff.data<{ shipments: { edges: { node: { id: string } }[] } }>('{ shipments(first: 100) { edges { node { id } } } }');
    expect(shipments.edges.map((e) => e.node.id)).toEqual([a.shipmentId]);
  });

  it('stock: the level and movements of the shared SKU, and warehouses by id and in the list', async () => {
    const level = await a.staff.data<{ stockLevel: { onHand: number; reserved: number; warehouses: { warehouse: { id: string } }[] } }>(
      'query($s: String!) { stockLevel(sku: $s) { onHand reserved warehouses { warehouse { id } } } }',
      { s: SKU },
    );
    expect(level.stockLevel.onHand).toBe(5);
    expect(level.stockLevel.warehouses.map((w) => w.warehouse.id)).toEqual([a.warehouseId]);
    const { stockMovements } = await a.staff.data<{ stockMovements: { edges: { node: { warehouse: { id: string }; orderId: string | null } }[] } }>(
      'query($s: String!) { stockMovements(sku: $s, first: 100) { edges { node { warehouse { id } orderId } } } }',
      { s: SKU },
    );
    expect(stockMovements.edges.length).toBeGreaterThan(0);
    expect(new Set(stockMovements.edges.map((e) => e.node.warehouse.id))).toEqual(new Set([a.warehouseId]));
    expect(stockMovements.edges.map((e) => e.node.orderId)).not.toContain(b.orderId);
    expectHidden(await a.staff.request('query($id: ID!) { warehouse(id: $id) { id } }', { id: b.warehouseId }), 'warehouse');
    const { warehouses } = await a.staff.data<{ warehouses: { id: string }[] }>('{ warehouses { id } }');
    expect(warehouses.map((w) => w.id)).toEqual([a.warehouseId]);
  });

  it("events: the history of A's order holds only A's events, and B's order's notifications are not A's to read", async () => {
    const { order } = await a.staff.data<{ order: { history: { position: number; streamId: string }[] } }>(
      'query($id: ID!) { order(id: $id) { history { position streamId } } }',
      { id: a.orderId },
    );
    expect(order.history.length).toBeGreaterThan(0);
    const positionsOfB = new Set((await testApp.database.db('events').where({ tenant_id: 'shop-b' }).pluck('global_position')).map(Number));
    expect(order.history.filter((e) => positionsOfB.has(e.position))).toEqual([]);
    const { notifications } = await a.staff.data<{ notifications: unknown[] }>('query($o: ID!) { notifications(orderId: $o) { id } }', { o: b.orderId });
    expect(notifications).toEqual([]);
  });

  it("catalog: B's product is unknown to A, and A's listing shows only A's product", async () => {
    expectHidden(await a.admin.request('query($id: ID!) { product(id: $id) { id } }', { id: b.productId }), 'product');
    const { products } = await a.admin.data<{ products: { edges: { node: { id: string } }[] } }>('{ products(first: 100) { edges { node { id } } } }');
    expect(products.edges.map((e) => e.node.id)).toEqual([a.productId]);
  });

  it("writes aimed at B's records from A are refused as unknown and append nothing", async () => {
    await expectRefused(a.staff, 'NOT_FOUND', 'mutation($s: ID!, $t: String!) { shipShipment(shipmentId: $s, trackingNumber: $t) { id } }', { s: b.shipmentId, t: 'TRACK-1' });
    await expectRefused(a.staff, 'NOT_FOUND', 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku } }', { i: { sku: SKU, warehouseId: b.warehouseId, quantity: 3 } });
    const level = await b.staff.data<{ stockLevel: { onHand: number } }>('query($s: String!) { stockLevel(sku: $s) { onHand } }', { s: SKU });
    expect(level.stockLevel.onHand).toBe(7);
  });
});

describe('SKUs and warehouse codes are unique per shop, not globally', () => {
  it('lets both shops hold the same SKU and warehouse code, each its own', async () => {
    const variants = await testApp.database.db('catalog_variants').where({ sku: SKU }).orderBy('tenant_id').pluck('tenant_id');
    expect(variants).toEqual(['shop-a', 'shop-b']);
    const warehouses = await testApp.database.db('inventory_warehouses').where({ code: WAREHOUSE }).orderBy('tenant_id').select('tenant_id', 'id');
    expect(warehouses).toEqual([
      { tenant_id: 'shop-a', id: a.warehouseId },
      { tenant_id: 'shop-b', id: b.warehouseId },
    ]);
  });

  it('still refuses a second warehouse with the same code within one shop', async () => {
    await expectRefused(a.admin, 'CONFLICT', 'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { id } }', { i: { code: WAREHOUSE, name: 'Again' } });
  });
});

describe('row-level security on real data: a query without a tenant filter', () => {
  const rowsOf = (tenantId: string, sql: string) => withTenant(testApp.database.db, tenantId, async (trx) => (await trx.raw(sql)).rows as Record<string, unknown>[]);

  it("returns only shop A's orders, events, stock and payments", async () => {
    expect((await rowsOf('shop-a', 'SELECT * FROM orders')).map((r) => r.id)).toEqual([a.orderId]);
    expect((await rowsOf('shop-a', 'SELECT * FROM payments')).map((r) => r.id)).toEqual([a.paymentId]);
    expect((await rowsOf('shop-a', 'SELECT * FROM shipments')).map((r) => r.id)).toEqual([a.shipmentId]);
    const stock = await rowsOf('shop-a', 'SELECT * FROM inventory_stock_levels');
    expect(stock.map((r) => [r.sku, r.warehouse_id, r.on_hand])).toEqual([[SKU, a.warehouseId, 5]]);

    const events = await rowsOf('shop-a', 'SELECT tenant_id, global_position FROM events');
    const [{ count: eventsOfA }] = await testApp.database.db('events').where({ tenant_id: 'shop-a' }).count<{ count: number }[]>({ count: '*' });
    expect(events.length).toBe(Number(eventsOfA));
    expect(new Set(events.map((r) => r.tenant_id))).toEqual(new Set(['shop-a']));
  });

  it('returns nothing for a shop that has no rows', async () => {
    for (const table of ['orders', 'events', 'inventory_stock_levels', 'payments']) {
      expect(await rowsOf('shop-c', `SELECT * FROM ${table}`)).toEqual([]);
    }
  });
});

describe('request reads run as the restricted role', () => {
  /** Takes the role's right to read `table` away for one call: a read that goes through the role must fail. */
  async function withoutGrant(table: string, read: () => Promise<unknown>) {
    await testApp.database.db.raw(`REVOKE SELECT ON ${table} FROM ${TENANT_ROLE}`);
    try {
      await expect(read()).rejects.toThrow(/permission denied/);
    } finally {
      await testApp.database.db.raw(`GRANT SELECT ON ${table} TO ${TENANT_ROLE}`);
    }
  }

  const day = { from: new Date('2020-01-01'), to: new Date('2020-12-31') };
  const reads: [string, string, () => Promise<unknown>][] = [
    ['OrderQueries.byId', 'orders', () => testApp.app.ordering.queries.byId('shop-a', a.orderId)],
    ['OrderQueries.list', 'orders', () => testApp.app.ordering.queries.list('shop-a', { limit: 10 })],
    ['order time travel (the event store)', 'events', () => testApp.app.store.readStream(`order-${a.orderId}`, { tenantId: 'shop-a', asTenant: true })],
    ['OrderHistoryQueries.forOrder', 'order_history', () => testApp.app.history.queries.forOrder('shop-a', a.orderId)],
    ['PaymentQueries.byId', 'payments', () => testApp.app.payments.queries.byId('shop-a', a.paymentId)],
    ['PaymentQueries.byOrderId', 'payments', () => testApp.app.payments.queries.byOrderId('shop-a', a.orderId)],
    ['PaymentQueries.list', 'payments', () => testApp.app.payments.queries.list('shop-a', { limit: 10 })],
    ['DeclineReportQueries.groups', 'payment_declines_daily', () => testApp.app.payments.declineReport.groups('shop-a', day)],
    ['CheckoutQueries.latestForOrder', 'checkouts', () => testApp.app.checkout.queries.latestForOrder('shop-a', a.orderId)],
    ['ShipmentQueries.byId', 'shipments', () => testApp.app.fulfillment.queries.byId('shop-a', a.shipmentId)],
    ['ShipmentQueries.byOrderId', 'shipments', () => testApp.app.fulfillment.queries.byOrderId('shop-a', a.orderId)],
    ['ShipmentQueries.list', 'shipments', () => testApp.app.fulfillment.queries.list('shop-a', { limit: 10 })],
    ['InventoryQueries.stockLevel', 'inventory_stock_levels', () => testApp.app.inventory.queries.stockLevel('shop-a', SKU)],
    ['InventoryQueries.movements', 'inventory_stock_movements', () => testApp.app.inventory.queries.movements('shop-a', SKU, { limit: 10 })],
    ['InventoryQueries.warehouses', 'inventory_warehouses', () => testApp.app.inventory.queries.warehouses('shop-a')],
    ['InventoryQueries.warehouseById', 'inventory_warehouses', () => testApp.app.inventory.queries.warehouseById('shop-a', a.warehouseId)],
    ['ProductQueries.byId', 'catalog_products', () => testApp.app.catalog.queries.byId('shop-a', a.productId)],
    ['ProductQueries.listPublished', 'catalog_products', () => testApp.app.catalog.queries.listPublished('shop-a', { limit: 10, search: 'mug' })],
    ['ProductQueries.productIdOfVariant', 'catalog_variants', () => testApp.app.catalog.queries.productIdOfVariant('shop-a', a.variantId)],
    ['NotificationQueries.forOrder', 'notifications', () => testApp.app.notifications.queries.forOrder('shop-a', a.orderId)],
    // The batched reads of per-order fields (DataLoader).
    ['OrderQueries.byIds', 'orders', () => testApp.app.ordering.queries.byIds('shop-a', [a.orderId])],
    ['CheckoutQueries.latestForOrders', 'checkouts', () => testApp.app.checkout.queries.latestForOrders('shop-a', [a.orderId])],
    ['PaymentQueries.latestByOrderIds', 'payments', () => testApp.app.payments.queries.latestByOrderIds('shop-a', [a.orderId])],
    ['ShipmentQueries.byOrderIds', 'shipments', () => testApp.app.fulfillment.queries.byOrderIds('shop-a', [a.orderId])],
    ['ShipmentQueries.byIds', 'shipments', () => testApp.app.fulfillment.queries.byIds('shop-a', [a.shipmentId])],
    ['OrderHistoryQueries.forOrders', 'order_history', () => testApp.app.history.queries.forOrders('shop-a', [a.orderId])],
  ];

  it.each(reads)('%s reads %s through the role', async (_name, table, read) => {
    await expect(read()).resolves.toBeDefined();
    await withoutGrant(table, read);
  });
});

describe('batched reads of per-order fields', () => {
  it("given both shops' ids, answer each in the shop's own scope only", async () => {
    const ids = [b.orderId, a.orderId];
    const { ordering, checkout, payments, fulfillment, history } = testApp.app;
    expect((await ordering.queries.byIds('shop-a', ids)).map((o) => o?.id)).toEqual([undefined, a.orderId]);
    expect((await checkout.queries.latestForOrders('shop-a', ids)).map((c) => c?.status)).toEqual([undefined, 'COMPLETED']);
    expect((await payments.queries.latestByOrderIds('shop-a', ids)).map((p) => p?.id)).toEqual([undefined, a.paymentId]);
    expect((await fulfillment.queries.byOrderIds('shop-a', ids)).map((list) => list.map((s) => s.id))).toEqual([[], [a.shipmentId]]);
    expect((await fulfillment.queries.byIds('shop-a', [b.shipmentId, a.shipmentId])).map((s) => s?.id)).toEqual([undefined, a.shipmentId]);
    const [ofB, ofA] = await history.queries.forOrders('shop-a', ids);
    expect(ofB).toEqual([]);
    expect(ofA.length).toBeGreaterThan(0);
  });
});
