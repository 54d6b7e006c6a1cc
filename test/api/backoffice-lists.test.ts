import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { checkout, draftOrder, settledOrder, stockedProduct, stockUp } from '../support/checkout-fixtures';

/** The list queries the back office's screens read: stock levels, products in any status, staff accounts, payments by date. */
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
}, 60_000);

afterAll(async () => {
  await testApp?.stop();
});

const STOCK_LEVELS = `query($first: Int, $after: String, $search: String) { stockLevels(first: $first, after: $after, search: $search) {
  edges { cursor node { sku onHand reserved available warehouses { warehouse { code } onHand available } } } pageInfo { hasNextPage endCursor } } }`;

describe('stockLevels', () => {
  it('lists every stocked SKU by SKU with its level per warehouse, a page at a time', async () => {
    await createProduct(testApp.client, { variants: [{ sku: 'LIST-B', amount: 100 }, { sku: 'LIST-A', amount: 100 }, { sku: 'LIST-C', amount: 100 }] });
    await stockUp(testApp.client, 'LST-1', { 'LIST-A': 3, 'LIST-B': 5 });
    await stockUp(testApp.client, 'LST-2', { 'LIST-A': 4, 'LIST-C': 1 });

    const first = await testApp.client.data<any>(STOCK_LEVELS, { first: 2, search: 'list-' });
    expect(first.stockLevels.edges.map((e: any) => e.node)).toEqual([
      { sku: 'LIST-A', onHand: 7, reserved: 0, available: 7, warehouses: [{ warehouse: { code: 'LST-1' }, onHand: 3, available: 3 }, { warehouse: { code: 'LST-2' }, onHand: 4, available: 4 }] },
      { sku: 'LIST-B', onHand: 5, reserved: 0, available: 5, warehouses: [{ warehouse: { code: 'LST-1' }, onHand: 5, available: 5 }] },
    ]);
    expect(first.stockLevels.pageInfo.hasNextPage).toBe(true);

    const next = await testApp.client.data<any>(STOCK_LEVELS, { first: 2, search: 'list-', after: first.stockLevels.pageInfo.endCursor });
    expect(next.stockLevels.edges.map((e: any) => e.node.sku)).toEqual(['LIST-C']);
    expect(next.stockLevels.pageInfo.hasNextPage).toBe(false);
  });

  it('is for staff only and refuses a malformed cursor', async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    expect((await customer.client.error(STOCK_LEVELS, {})).code).toBe('FORBIDDEN');
    const staff = await testApp.clientAs('STAFF');
    expect((await staff.client.data<any>(STOCK_LEVELS, { search: 'no-such-sku' })).stockLevels.edges).toEqual([]);
    expect((await staff.client.error(STOCK_LEVELS, { after: 'bm9wZQ' })).code).toBe('BAD_USER_INPUT');
  });
});

const CATALOG_PRODUCTS = `query($status: ProductStatus, $search: String, $first: Int, $after: String) { catalogProducts(status: $status, search: $search, first: $first, after: $after) {
  edges { node { name status variants { sku } } } pageInfo { hasNextPage endCursor } } }`;

describe('catalogProducts', () => {
  it('reads a page of products with one statement for the products, whatever the page size', async () => {
    for (let i = 0; i < 4; i++) await createProduct(testApp.client, { name: `Counted ${i}`, variants: [{ sku: `CL-COUNT-${i}`, amount: 100 }] });
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    testApp.app.db.on('query', onQuery);
    try {
      const { catalogProducts } = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'counted', first: 4 });
      expect(catalogProducts.edges).toHaveLength(4);
    } finally {
      testApp.app.db.off('query', onQuery);
    }
    // One read lists the page's ids, one reads the products with their variants: not one per product.
    expect(statements.filter((sql) => /from "catalog_products"/i.test(sql))).toHaveLength(2);
  });

  it('lists products in every status, newest first, by status and search', async () => {
    await createProduct(testApp.client, { name: 'Listing draft', variants: [{ sku: 'CL-DRAFT', amount: 100 }], publish: false });
    await createProduct(testApp.client, { name: 'Listing published', variants: [{ sku: 'CL-PUB', amount: 100 }] });
    const archived = await createProduct(testApp.client, { name: 'Listing archived', variants: [{ sku: 'CL-ARCH', amount: 100 }] });
    await testApp.client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: archived.productId });

    const all = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'listing' });
    expect(all.catalogProducts.edges.map((e: any) => [e.node.name, e.node.status])).toEqual([
      ['Listing archived', 'ARCHIVED'],
      ['Listing published', 'PUBLISHED'],
      ['Listing draft', 'DRAFT'],
    ]);
    const drafts = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'listing', status: 'DRAFT' });
    expect(drafts.catalogProducts.edges.map((e: any) => e.node.variants)).toEqual([[{ sku: 'CL-DRAFT' }]]);
    const bySku = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'cl-pub' });
    expect(bySku.catalogProducts.edges.map((e: any) => e.node.name)).toEqual(['Listing published']);

    const page = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'listing', first: 2 });
    const rest = await testApp.client.data<any>(CATALOG_PRODUCTS, { search: 'listing', first: 2, after: page.catalogProducts.pageInfo.endCursor });
    expect(rest.catalogProducts.edges.map((e: any) => e.node.name)).toEqual(['Listing draft']);
  });

  it('is for staff only: visitors and customers see the published catalog alone', async () => {
    expect((await testApp.anonymous.error(CATALOG_PRODUCTS, {})).code).toBe('UNAUTHENTICATED');
    const customer = await testApp.clientAs('CUSTOMER');
    expect((await customer.client.error(CATALOG_PRODUCTS, {})).code).toBe('FORBIDDEN');
  });
});

describe('staffAccounts', () => {
  const STAFF_ACCOUNTS = '{ staffAccounts { email name role } }';

  it('lists the STAFF and ADMIN accounts of the shop, not its customers, to admins only', async () => {
    await testApp.client.data('mutation { createStaffAccount(email: "list-staff@example.com", password: "a long passphrase", name: "Lister", role: STAFF) { id } }');
    await testApp.anonymous.data('mutation { signUp(shop: "demo", email: "list-customer@example.com", password: "a long passphrase", name: "Cus") { token } }');

    const { staffAccounts } = await testApp.client.data<any>(STAFF_ACCOUNTS);
    expect(staffAccounts).toContainEqual({ email: 'list-staff@example.com', name: 'Lister', role: 'STAFF' });
    expect(staffAccounts.map((a: any) => a.email)).not.toContain('list-customer@example.com');
    expect(staffAccounts.every((a: any) => a.role === 'STAFF' || a.role === 'ADMIN')).toBe(true);

    const staff = await testApp.clientAs('STAFF');
    expect((await staff.client.error(STAFF_ACCOUNTS)).code).toBe('FORBIDDEN');
  });
});

describe('payments by date', () => {
  const PAYMENTS = 'query($status: PaymentStatus, $from: DateTime, $to: DateTime) { payments(status: $status, from: $from, to: $to, first: 50) { edges { node { id status createdAt } } } }';

  it('bounds the listing by creation time (from inclusive, to exclusive) besides status', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const { variantId } = await stockedProduct(testApp.client, 'PAY-LIST', { 'PAYLIST-1': { amount: 900, stock: 10 } });
    const declined = await draftOrder(testApp.client, [{ variantId: variantId('PAYLIST-1'), quantity: 1 }]);
    await checkout(testApp.client, declined, 'tok_decline_do_not_honor', 'paylist-1');
    await settledOrder(testApp.client, declined);
    const placed = await draftOrder(testApp.client, [{ variantId: variantId('PAYLIST-1'), quantity: 1 }]);
    await checkout(testApp.client, placed, 'tok_visa', 'paylist-2');
    await settledOrder(testApp.client, placed);
    const after = new Date(Date.now() + 1000).toISOString();

    const since = await testApp.client.data<any>(PAYMENTS, { from: before });
    expect(since.payments.edges.map((e: any) => e.node.status).sort()).toEqual(['AUTHORIZED', 'DECLINED']);
    const declinedOnly = await testApp.client.data<any>(PAYMENTS, { from: before, to: after, status: 'DECLINED' });
    expect(declinedOnly.payments.edges.map((e: any) => e.node.status)).toEqual(['DECLINED']);
    expect((await testApp.client.data<any>(PAYMENTS, { from: after })).payments.edges).toEqual([]);
    expect((await testApp.client.data<any>(PAYMENTS, { to: before })).payments.edges).toEqual([]);
    expect((await testApp.client.error(PAYMENTS, { from: after, to: before })).code).toBe('BAD_USER_INPUT');
  });
});
