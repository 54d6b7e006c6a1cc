import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct, ORDER_FIELDS } from '../support/catalog-fixtures';
import { draftOrder } from '../support/checkout-fixtures';
import { READS_STREAMS } from '../support/rows-read';
import { newId } from '../../server/src/shared/ids';

// Two nodes on one database: `here` makes the order lines, `elsewhere` changes the catalog.
let here: TestApp;
let elsewhere: TestApp;
beforeAll(async () => {
  here = await startTestApp();
  elsewhere = await startTestApp({ database: here.database });
});
afterAll(async () => {
  await elsewhere.stop();
  await here.stop();
});

const ADD_ITEM = `mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { ${ORDER_FIELDS} } }`;
const CHANGE_PRICE = 'mutation($id: ID!, $price: MoneyInput!) { changeVariantPrice(variantId: $id, price: $price) { id } }';

interface OrderView {
  items: { variantId: string; unitPrice: { amount: number; currency: string } }[];
}

const sku = () => `REMEMBERED-${newId().slice(0, 8)}`;

/** A product `here` has made an order line from, so it remembers the product as it read it then. */
async function productKnownHere(options: { amount?: number; publish?: boolean } = {}) {
  const code = sku();
  const product = await createProduct(elsewhere.client, { variants: [{ sku: code, amount: options.amount ?? 1000 }], publish: options.publish });
  const variantId = product.variantId(code);
  const orderId = await draftOrder(here.client, []);
  const first = await here.client.request(ADD_ITEM, { o: orderId, v: variantId, q: 1 });
  return { ...product, variantId, first };
}

async function addHere(variantId: string) {
  const orderId = await draftOrder(here.client, []);
  const sql: string[] = [];
  const onQuery = (query: { sql: string }) => sql.push(query.sql);
  here.app.db.on('query', onQuery);
  try {
    const result = await here.client.request<{ addOrderItem: OrderView }>(ADD_ITEM, { o: orderId, v: variantId, q: 1 });
    return { result, streamReads: sql.filter((q) => READS_STREAMS.test(q)).length };
  } finally {
    here.app.db.off('query', onQuery);
  }
}

describe('products a node remembers for the order lines it makes', () => {
  it('makes the next line from the remembered product without reading it, as long as nothing changed it', async () => {
    const { variantId } = await productKnownHere({ amount: 1500 });
    const { result, streamReads } = await addHere(variantId);
    expect(result.data!.addOrderItem.items).toMatchObject([{ variantId, unitPrice: { amount: 1500, currency: 'EUR' } }]);
    expect(streamReads).toBe(0);
  });

  it('copies a price changed on another node since: the append finds the product moved, and the line is made again from a fresh read', async () => {
    const { variantId } = await productKnownHere({ amount: 1000 });
    await elsewhere.client.data(CHANGE_PRICE, { id: variantId, price: { amount: 1250, currency: 'EUR' } });
    const { result, streamReads } = await addHere(variantId);
    expect(result.errors).toBeUndefined();
    expect(result.data!.addOrderItem.items).toMatchObject([{ variantId, unitPrice: { amount: 1250, currency: 'EUR' } }]);
    expect(streamReads).toBeGreaterThan(0);
  });

  it('refuses a product archived on another node since, appending nothing', async () => {
    const { productId, variantId } = await productKnownHere();
    await elsewhere.client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId });
    const { result } = await addHere(variantId);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const orders = await here.app.db('events').where({ event_type: 'ItemAddedToOrder' }).whereRaw("data->>'variantId' = ?", [variantId]);
    expect(orders).toHaveLength(1);
  });

  it('orders a product published on another node since this node refused it as a draft', async () => {
    const { productId, variantId, first } = await productKnownHere({ publish: false });
    expect(first.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await elsewhere.client.data('mutation($id: ID!) { publishProduct(id: $id) { id } }', { id: productId });
    const { result } = await addHere(variantId);
    expect(result.errors).toBeUndefined();
    expect(result.data!.addOrderItem.items).toMatchObject([{ variantId }]);
  });
});
