import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct, ORDER_FIELDS } from '../support/catalog-fixtures';
import { countEvents, expectRejected } from '../support/rejections';
import { READS_STREAMS } from '../support/rows-read';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const CREATE_ORDER = `mutation { createOrder { ${ORDER_FIELDS} } }`;
const ADD_ITEM = `mutation($orderId: ID!, $variantId: ID!, $quantity: Int!) { addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) { ${ORDER_FIELDS} } }`;
const CHANGE_QUANTITY = `mutation($orderId: ID!, $variantId: ID!, $quantity: Int!) {
  changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) { ${ORDER_FIELDS} }
}`;
const REMOVE_ITEM = `mutation($orderId: ID!, $variantId: ID!) { removeOrderItem(orderId: $orderId, variantId: $variantId) { ${ORDER_FIELDS} } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const ORDERS = `query($first: Int, $after: String, $status: OrderStatus) {
  orders(first: $first, after: $after, status: $status) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } }
}`;
const CHANGE_PRICE = 'mutation($id: ID!, $price: MoneyInput!) { changeVariantPrice(variantId: $id, price: $price) { id } }';
const ARCHIVE = 'mutation($id: ID!) { archiveProduct(id: $id) { id } }';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Money {
  amount: number;
  currency: string;
}
interface Order {
  id: string;
  status: string;
  version: number;
  items: { variantId: string; sku: string; productName: string; variantName: string; unitPrice: Money; quantity: number; lineTotal: Money }[];
  total: Money | null;
}

let skuCounter = 0;
const uniqueSku = (label: string) => `${label}-${++skuCounter}`;

const createOrder = async () => (await testApp.client.data<{ createOrder: Order }>(CREATE_ORDER)).createOrder;
const addItem = async (orderId: string, variantId: string, quantity: number) =>
  (await testApp.client.data<{ addOrderItem: Order }>(ADD_ITEM, { orderId, variantId, quantity })).addOrderItem;
const order = async (id: string) => (await testApp.client.data<{ order: Order | null }>(ORDER, { id })).order;

/** One published product with a EUR variant, for tests that just need something orderable. */
async function orderableVariant(amount = 1000) {
  const sku = uniqueSku('ITEM');
  const product = await createProduct(testApp.client, { name: 'Lamp', variants: [{ sku, name: 'Standard', amount }] });
  return { ...product, sku, variantId: product.variantId(sku) };
}

describe('a draft order', () => {
  it('starts empty, as a DRAFT at version 1, without a total', async () => {
    const created = await createOrder();
    expect(created).toMatchObject({ status: 'DRAFT', version: 1, items: [], total: null });
    expect(await order(created.id)).toEqual(created);
  });

  it('keeps the catalog snapshot of an item when the catalog changes afterwards', async () => {
    const sku = uniqueSku('SNAP');
    const { productId, variantId } = await createProduct(testApp.client, { name: 'Desk lamp', variants: [{ sku, name: 'Red', amount: 1999 }] });
    const { id } = await createOrder();
    const added = await addItem(id, variantId(sku), 2);
    expect(added.version).toBe(2);
    expect(added.items).toEqual([
      { variantId: variantId(sku), sku, productName: 'Desk lamp', variantName: 'Red', unitPrice: { amount: 1999, currency: 'EUR' }, quantity: 2, lineTotal: { amount: 3998, currency: 'EUR' } },
    ]);

    await testApp.client.data(CHANGE_PRICE, { id: variantId(sku), price: { amount: 2999, currency: 'EUR' } });
    await testApp.client.data(ARCHIVE, { id: productId });
    expect(await order(id)).toEqual(added);
  });

  it('snapshots the price current when the item is added', async () => {
    const { sku, variantId } = await orderableVariant(1000);
    await testApp.client.data(CHANGE_PRICE, { id: variantId, price: { amount: 1250, currency: 'EUR' } });
    const { id } = await createOrder();
    const added = await addItem(id, variantId, 1);
    expect(added.items[0]).toMatchObject({ sku, unitPrice: { amount: 1250, currency: 'EUR' } });
  });

  it('adding the same variant again sums the quantity on one line', async () => {
    const { variantId } = await orderableVariant(500);
    const { id } = await createOrder();
    await addItem(id, variantId, 2);
    const again = await addItem(id, variantId, 3);
    expect(again.version).toBe(3);
    expect(again.items).toHaveLength(1);
    expect(again.items[0]).toMatchObject({ quantity: 5, lineTotal: { amount: 2500, currency: 'EUR' } });
    expect(again.total).toEqual({ amount: 2500, currency: 'EUR' });
  });

  it('totals its lines, follows quantity changes and removals', async () => {
    const a = await orderableVariant(1999);
    const b = await orderableVariant(250);
    const { id } = await createOrder();
    await addItem(id, a.variantId, 2);
    const both = await addItem(id, b.variantId, 3);
    expect(both.items.map((i) => [i.variantId, i.quantity, i.lineTotal.amount])).toEqual([
      [a.variantId, 2, 3998],
      [b.variantId, 3, 750],
    ]);
    expect(both.total).toEqual({ amount: 4748, currency: 'EUR' });

    const { changeOrderItemQuantity: changed } = await testApp.client.data<{ changeOrderItemQuantity: Order }>(CHANGE_QUANTITY, { orderId: id, variantId: b.variantId, quantity: 10 });
    expect(changed.version).toBe(4);
    expect(changed.items[1]).toMatchObject({ quantity: 10, lineTotal: { amount: 2500, currency: 'EUR' } });
    expect(changed.total).toEqual({ amount: 6498, currency: 'EUR' });

    const { removeOrderItem: removed } = await testApp.client.data<{ removeOrderItem: Order }>(REMOVE_ITEM, { orderId: id, variantId: a.variantId });
    expect(removed.version).toBe(5);
    expect(removed.items.map((i) => i.variantId)).toEqual([b.variantId]);
    expect(removed.total).toEqual({ amount: 2500, currency: 'EUR' });

    const { removeOrderItem: empty } = await testApp.client.data<{ removeOrderItem: Order }>(REMOVE_ITEM, { orderId: id, variantId: b.variantId });
    expect(empty).toMatchObject({ items: [], total: null, version: 6 });
    expect(await order(id)).toEqual(empty);
  });

  it('setting the quantity it already has appends nothing', async () => {
    const { variantId } = await orderableVariant();
    const { id } = await createOrder();
    await addItem(id, variantId, 4);
    const before = await countEvents(testApp.database.db);
    const { changeOrderItemQuantity: same } = await testApp.client.data<{ changeOrderItemQuantity: Order }>(CHANGE_QUANTITY, { orderId: id, variantId, quantity: 4 });
    expect(same).toMatchObject({ version: 2, items: [{ quantity: 4 }] });
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('an emptied order takes the currency of its next item', async () => {
    const eur = await orderableVariant();
    const usdSku = uniqueSku('USD');
    const usd = await createProduct(testApp.client, { variants: [{ sku: usdSku, amount: 300, currency: 'USD' }] });
    const { id } = await createOrder();
    await addItem(id, eur.variantId, 1);
    await testApp.client.data(REMOVE_ITEM, { orderId: id, variantId: eur.variantId });
    expect((await addItem(id, usd.variantId(usdSku), 2)).total).toEqual({ amount: 600, currency: 'USD' });
  });
});

describe('orders connection', () => {
  it('lists newest first, page by page', async () => {
    const ids = [(await createOrder()).id, (await createOrder()).id, (await createOrder()).id];
    const page1 = await testApp.client.data<{ orders: { edges: { cursor: string; node: Order }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(ORDERS, { first: 2 });
    expect(page1.orders.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.orders.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.orders.edges[1]!.cursor });

    const page2 = await testApp.client.data<{ orders: { edges: { node: Order }[] } }>(ORDERS, { first: 2, after: page1.orders.pageInfo.endCursor });
    expect(page2.orders.edges[0]!.node.id).toBe(ids[0]);
  });

  it('walks every order exactly once', async () => {
    const { count } = (await testApp.database.db('orders').count<{ count: string }[]>({ count: '*' }))[0]!;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { orders: { edges: { node: Order }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await testApp.client.data(ORDERS, { first: 3, after });
      seen.push(...page.orders.edges.map((e) => e.node.id));
      if (!page.orders.pageInfo.hasNextPage) break;
      after = page.orders.pageInfo.endCursor;
    }
    expect(seen.length).toBe(Number(count));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by status', async () => {
    const drafts = await testApp.client.data<{ orders: { edges: { node: Order }[] } }>(ORDERS, { first: 100, status: 'DRAFT' });
    expect(drafts.orders.edges.length).toBeGreaterThan(0);
    expect(drafts.orders.edges.every((e) => e.node.status === 'DRAFT')).toBe(true);
    const placed = await testApp.client.data<{ orders: { edges: { node: Order }[] } }>(ORDERS, { first: 100, status: 'PLACED' });
    expect(placed.orders.edges).toEqual([]);
  });

  it.each([0, 101])('refuses first: %d', async (first) => {
    await expectRejected(testApp, 'BAD_USER_INPUT', ORDERS, { first });
  });

  it('refuses a malformed cursor', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', ORDERS, { after: 'garbage' });
  });
});

describe('rejected order changes append nothing', () => {
  let orderId: string;
  let variantId: string;

  beforeAll(async () => {
    ({ variantId } = await orderableVariant(1000));
    orderId = (await createOrder()).id;
    await addItem(orderId, variantId, 1);
  });

  it('unknown order', async () => {
    await expectRejected(testApp, 'NOT_FOUND', ADD_ITEM, { orderId: UNKNOWN_ID, variantId, quantity: 1 });
    await expectRejected(testApp, 'NOT_FOUND', CHANGE_QUANTITY, { orderId: UNKNOWN_ID, variantId, quantity: 1 });
    const removed = await expectRejected(testApp, 'NOT_FOUND', REMOVE_ITEM, { orderId: UNKNOWN_ID, variantId });
    // Named by its id, not by a placeholder ("Order requested was not found" before).
    expect(removed.message).toBe(`Order ${UNKNOWN_ID} was not found`);
    expect(removed.extensions?.id).toBe(UNKNOWN_ID);
    expect(await order(UNKNOWN_ID)).toBeNull();
  });

  it('unknown variant', async () => {
    await expectRejected(testApp, 'NOT_FOUND', ADD_ITEM, { orderId, variantId: UNKNOWN_ID, quantity: 1 });
  });

  it('a variant that is not in the order', async () => {
    const { variantId: other } = await orderableVariant();
    await expectRejected(testApp, 'NOT_FOUND', CHANGE_QUANTITY, { orderId, variantId: other, quantity: 2 });
    await expectRejected(testApp, 'NOT_FOUND', REMOVE_ITEM, { orderId, variantId: other });
  });

  it.each(['nope', '123', '00000000-0000-0000-0000-00000000000Z'])('malformed id %j', async (bad) => {
    await expectRejected(testApp, 'NOT_FOUND', ORDER, { id: bad });
    await expectRejected(testApp, 'NOT_FOUND', ADD_ITEM, { orderId: bad, variantId, quantity: 1 });
    await expectRejected(testApp, 'NOT_FOUND', ADD_ITEM, { orderId, variantId: bad, quantity: 1 });
    await expectRejected(testApp, 'NOT_FOUND', CHANGE_QUANTITY, { orderId, variantId: bad, quantity: 1 });
    await expectRejected(testApp, 'NOT_FOUND', REMOVE_ITEM, { orderId: bad, variantId });
  });

  it.each([0, -1, 1001, 2 ** 31])('quantity %d', async (quantity) => {
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId, quantity });
    await expectRejected(testApp, 'BAD_USER_INPUT', CHANGE_QUANTITY, { orderId, variantId, quantity });
  });

  it('a non-integer quantity', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId, quantity: 1.5 });
  });

  it('a sum of quantities above 1000', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId, quantity: 1000 });
    expect((await order(orderId))!.items[0]!.quantity).toBe(1);
  });

  it('a variant of a draft product', async () => {
    const sku = uniqueSku('UNPUBLISHED');
    const draft = await createProduct(testApp.client, { variants: [{ sku, amount: 1 }], publish: false });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId: draft.variantId(sku), quantity: 1 });
  });

  it('a variant of an archived product', async () => {
    const { productId, variantId: archived } = await orderableVariant();
    await testApp.client.data(ARCHIVE, { id: productId });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId: archived, quantity: 1 });
  });

  it('a variant ordered before its product was archived: the server remembers the product, and the append finds it moved and reads it to refuse', async () => {
    const { productId, variantId } = await orderableVariant();
    const other = await createOrder();
    await addItem(other.id, variantId, 1);
    // Added again, the variant's product and the order are as this node last left them: nothing is read.
    const sql: string[] = [];
    const onQuery = (query: { sql: string }) => sql.push(query.sql);
    testApp.app.db.on('query', onQuery);
    try {
      await addItem(other.id, variantId, 1);
    } finally {
      testApp.app.db.off('query', onQuery);
    }
    expect(sql.filter((q) => q.includes('catalog_variants'))).toEqual([]);
    expect(sql.filter((q) => READS_STREAMS.test(q))).toEqual([]);
    await testApp.client.data(ARCHIVE, { id: productId });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId, quantity: 1 });
    expect((await order(other.id))!.items).toMatchObject([{ variantId, quantity: 2 }]);
  });

  it('a USD item in a EUR order', async () => {
    const sku = uniqueSku('DOLLAR');
    const usd = await createProduct(testApp.client, { variants: [{ sku, amount: 1000, currency: 'USD' }] });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId, variantId: usd.variantId(sku), quantity: 1 });
    expect((await order(orderId))!.total).toEqual({ amount: 1000, currency: 'EUR' });
  });

  it('a total past the limit of every sum of money (MAX_TOTAL_AMOUNT), naming it', async () => {
    const skus = Array.from({ length: 2 }, () => uniqueSku('GOLD'));
    const gold = await createProduct(testApp.client, { variants: skus.map((sku) => ({ sku, amount: 1_000_000_000_000 })) });
    const { id } = await createOrder();
    await addItem(id, gold.variantId(skus[0]!), 1000);
    const refused = await expectRejected(testApp, 'BAD_USER_INPUT', ADD_ITEM, { orderId: id, variantId: gold.variantId(skus[1]!), quantity: 1 });
    expect(refused.extensions).toMatchObject({ limit: 1_000_000_000_000_000 });
    expect((await order(id))!.total).toEqual({ amount: 1_000_000_000_000_000, currency: 'EUR' });
  });

  it('left the order as it was', async () => {
    expect(await order(orderId)).toMatchObject({ version: 2, items: [{ variantId, quantity: 1 }], total: { amount: 1000, currency: 'EUR' } });
  });
});
