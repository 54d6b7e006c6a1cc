import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { checkout, settledOrder, draftOrder, stockUp } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const VARIANTS_QUERY = '{ products(search: "avail", first: 20) { edges { node { name variants { sku available } } } } }';

type Products = { products: { edges: { node: { name: string; variants: { sku: string; available: number }[] } }[] } };

async function availability(client = testApp.anonymous) {
  const { products } = await client.data<Products>(VARIANTS_QUERY);
  return Object.fromEntries(products.edges.flatMap(({ node }) => node.variants.map((v) => [v.sku, v.available])));
}

describe('ProductVariant.available', () => {
  it('is on hand minus reserved over all warehouses, 0 for a SKU never received, for visitors too, and follows checkouts', async () => {
    const client = testApp.client;
    const product = await createProduct(client, {
      name: 'Avail lamp',
      variants: [
        { sku: 'AVAIL-A', amount: 1000 },
        { sku: 'AVAIL-B', amount: 1000 },
        { sku: 'AVAIL-NONE', amount: 1000 },
      ],
    });
    await createProduct(client, { name: 'Avail cup', variants: [{ sku: 'AVAIL-CUP', amount: 500 }] });
    await stockUp(client, 'AV-1', { 'AVAIL-A': 3, 'AVAIL-B': 1, 'AVAIL-CUP': 7 });
    await stockUp(client, 'AV-2', { 'AVAIL-A': 2 });

    await expect.poll(() => availability(), { timeout: EVENTUALLY_MS }).toEqual({ 'AVAIL-A': 5, 'AVAIL-B': 1, 'AVAIL-NONE': 0, 'AVAIL-CUP': 7 });

    const orderId = await draftOrder(client, [
      { variantId: product.variantId('AVAIL-A'), quantity: 4 },
      { variantId: product.variantId('AVAIL-B'), quantity: 1 },
    ]);
    await checkout(client, orderId, 'tok_visa', `avail-${orderId}`);
    expect((await settledOrder(client, orderId)).status).toBe('PLACED');
    const customer = await testApp.clientAs('CUSTOMER');
    expect(await availability(customer.client)).toEqual({ 'AVAIL-A': 1, 'AVAIL-B': 0, 'AVAIL-NONE': 0, 'AVAIL-CUP': 7 });
  });

  it('reads a whole page of variants with one statement', async () => {
    await createProduct(testApp.client, { name: 'Avail batch one', variants: [{ sku: 'AVAIL-B1', amount: 100 }, { sku: 'AVAIL-B2', amount: 100 }] });
    await createProduct(testApp.client, { name: 'Avail batch two', variants: [{ sku: 'AVAIL-B3', amount: 100 }] });
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    testApp.app.db.on('query', onQuery);
    try {
      const result = await availability();
      expect(Object.keys(result).length).toBeGreaterThanOrEqual(7);
    } finally {
      testApp.app.db.off('query', onQuery);
    }
    expect(statements.filter((sql) => /from "inventory_stock_levels"/i.test(sql))).toHaveLength(1);
  });
});
