import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct, PRODUCT_FIELDS } from '../support/catalog-fixtures';
import { countEvents, expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const CREATE = `mutation($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }`;
const ADD_VARIANT = `mutation($id: ID!, $input: AddProductVariantInput!) { addProductVariant(productId: $id, input: $input) { ${PRODUCT_FIELDS} } }`;
const CHANGE_PRICE = `mutation($id: ID!, $price: MoneyInput!) { changeVariantPrice(variantId: $id, price: $price) { ${PRODUCT_FIELDS} } }`;
const PUBLISH = `mutation($id: ID!) { publishProduct(id: $id) { ${PRODUCT_FIELDS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveProduct(id: $id) { ${PRODUCT_FIELDS} } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
const PRODUCTS = `query($first: Int, $after: String, $search: String) {
  products(first: $first, after: $after, search: $search) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }
}`;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Product {
  id: string;
  name: string;
  description: string;
  status: string;
  version: number;
  variants: { id: string; sku: string; name: string; price: { amount: number; currency: string } }[];
}
interface ProductPage {
  products: { edges: { cursor: string; node: { id: string; name: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

let skuCounter = 0;
/** SKUs are unique across the whole shop, and every test here shares one database. */
const uniqueSku = (label: string) => `${label}-${++skuCounter}`;

const product = async (id: string) => (await testApp.client.data<{ product: Product | null }>(PRODUCT, { id })).product;
const listProducts = (variables: { first?: number; after?: string | null; search?: string }) => testApp.client.data<ProductPage>(PRODUCTS, variables);

describe('product lifecycle', () => {
  it('creates a draft, adds variants in order, publishes, with the stream version after each step', async () => {
    const { createProduct: created } = await testApp.client.data<{ createProduct: Product }>(CREATE, { input: { name: ' Desk lamp ', description: 'Warm light' } });
    expect(created).toMatchObject({ name: 'Desk lamp', description: 'Warm light', status: 'DRAFT', version: 1, variants: [] });

    const red = uniqueSku('LAMP-RED');
    const blue = uniqueSku('LAMP-BLUE');
    await testApp.client.data(ADD_VARIANT, { id: created.id, input: { sku: red, name: 'Red', price: { amount: 1999, currency: 'EUR' } } });
    const { addProductVariant: withTwo } = await testApp.client.data<{ addProductVariant: Product }>(ADD_VARIANT, {
      id: created.id,
      input: { sku: ` ${blue} `, name: 'Blue', price: { amount: 2499, currency: 'EUR' } },
    });
    expect(withTwo.version).toBe(3);
    expect(withTwo.variants.map(({ sku, name, price }) => ({ sku, name, price }))).toEqual([
      { sku: red, name: 'Red', price: { amount: 1999, currency: 'EUR' } },
      { sku: blue, name: 'Blue', price: { amount: 2499, currency: 'EUR' } },
    ]);

    const { publishProduct: published } = await testApp.client.data<{ publishProduct: Product }>(PUBLISH, { id: created.id });
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 4 });
    expect(await product(created.id)).toEqual(published);
  });

  it('publishing twice changes nothing', async () => {
    const { productId } = await createProduct(testApp.client, { variants: [{ sku: uniqueSku('TWICE'), amount: 100 }] });
    const before = await countEvents(testApp.database.db);
    const { publishProduct: again } = await testApp.client.data<{ publishProduct: Product }>(PUBLISH, { id: productId });
    expect(again).toMatchObject({ status: 'PUBLISHED', version: 3 });
    expect(await countEvents(testApp.database.db)).toBe(before);
  });

  it('refuses to publish a product without variants', async () => {
    const { productId } = await createProduct(testApp.client, { variants: [], publish: false });
    await expectRejected(testApp, 'INVALID_STATE', PUBLISH, { id: productId });
    expect(await product(productId)).toMatchObject({ status: 'DRAFT', version: 1 });
  });

  it('shows a product in any status by id, and null for an unknown id', async () => {
    const draft = await createProduct(testApp.client, { variants: [{ sku: uniqueSku('DRAFT'), amount: 100 }], publish: false });
    const gone = await createProduct(testApp.client, { variants: [{ sku: uniqueSku('GONE'), amount: 100 }] });
    await testApp.client.data(ARCHIVE, { id: gone.productId });
    expect((await product(draft.productId))?.status).toBe('DRAFT');
    expect((await product(gone.productId))?.status).toBe('ARCHIVED');
    expect(await product(UNKNOWN_ID)).toBeNull();
  });
});

describe('changeVariantPrice', () => {
  it('changes the price of one variant and bumps the version', async () => {
    const sku = uniqueSku('PRICED');
    const { productId, variantId } = await createProduct(testApp.client, { variants: [{ sku, amount: 1000 }, { sku: uniqueSku('OTHER'), amount: 500 }] });
    const { changeVariantPrice: changed } = await testApp.client.data<{ changeVariantPrice: Product }>(CHANGE_PRICE, {
      id: variantId(sku),
      price: { amount: 1200, currency: 'EUR' },
    });
    expect(changed.id).toBe(productId);
    expect(changed.version).toBe(5);
    expect(changed.variants.map((v) => v.price.amount)).toEqual([1200, 500]);
  });

  it('appends nothing when the price stays the same', async () => {
    const sku = uniqueSku('SAME');
    const { variantId } = await createProduct(testApp.client, { variants: [{ sku, amount: 1000 }] });
    const before = await countEvents(testApp.database.db);
    const { changeVariantPrice: same } = await testApp.client.data<{ changeVariantPrice: Product }>(CHANGE_PRICE, { id: variantId(sku), price: { amount: 1000, currency: 'EUR' } });
    expect(same.version).toBe(3);
    expect(await countEvents(testApp.database.db)).toBe(before);
  });
});

describe('archiveProduct', () => {
  it('archives for good: no more variants, publishing or price changes; archiving again changes nothing', async () => {
    const sku = uniqueSku('ARCHIVED');
    const { productId, variantId } = await createProduct(testApp.client, { variants: [{ sku, amount: 1000 }] });
    const { archiveProduct: archived } = await testApp.client.data<{ archiveProduct: Product }>(ARCHIVE, { id: productId });
    expect(archived).toMatchObject({ status: 'ARCHIVED', version: 4 });

    const before = await countEvents(testApp.database.db);
    expect((await testApp.client.data<{ archiveProduct: Product }>(ARCHIVE, { id: productId })).archiveProduct.version).toBe(4);
    expect(await countEvents(testApp.database.db)).toBe(before);

    await expectRejected(testApp, 'INVALID_STATE', ADD_VARIANT, { id: productId, input: { sku: uniqueSku('LATE'), name: 'Late', price: { amount: 1, currency: 'EUR' } } });
    await expectRejected(testApp, 'INVALID_STATE', PUBLISH, { id: productId });
    await expectRejected(testApp, 'INVALID_STATE', CHANGE_PRICE, { id: variantId(sku), price: { amount: 1, currency: 'EUR' } });
    expect(await product(productId)).toEqual(archived);
  });
});

describe('SKUs', () => {
  it('refuses a SKU another product already uses, appending nothing', async () => {
    const sku = uniqueSku('TAKEN');
    await createProduct(testApp.client, { variants: [{ sku, amount: 1000 }] });
    const { productId: second } = await createProduct(testApp.client, { variants: [], publish: false });
    const error = await expectRejected(testApp, 'CONFLICT', ADD_VARIANT, { id: second, input: { sku: ` ${sku}`, name: 'Copy', price: { amount: 1, currency: 'EUR' } } });
    expect(error.message).toContain(sku);
    expect(await product(second)).toMatchObject({ version: 1, variants: [] });
  });

  it('refuses a SKU the same product already uses', async () => {
    const sku = uniqueSku('TWIN');
    const { productId } = await createProduct(testApp.client, { variants: [{ sku, amount: 1000 }], publish: false });
    await expectRejected(testApp, 'CONFLICT', ADD_VARIANT, { id: productId, input: { sku, name: 'Twin', price: { amount: 1, currency: 'EUR' } } });
  });

  it.each(['', 'HAS SPACE', '-LEADING', 'A'.repeat(65)])('refuses the malformed SKU %j', async (sku) => {
    const { productId } = await createProduct(testApp.client, { variants: [], publish: false });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_VARIANT, { id: productId, input: { sku, name: 'Bad', price: { amount: 1, currency: 'EUR' } } });
  });
});

describe('input validation', () => {
  it.each(['', '   ', 'x'.repeat(201), 'Desk\u0000lamp'])('refuses the product name %j', async (name) => {
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE, { input: { name } });
  });

  it('refuses an empty variant name', async () => {
    const { productId } = await createProduct(testApp.client, { variants: [], publish: false });
    await expectRejected(testApp, 'BAD_USER_INPUT', ADD_VARIANT, { id: productId, input: { sku: uniqueSku('NAMELESS'), name: ' ', price: { amount: 1, currency: 'EUR' } } });
  });

  describe.each([
    ['a float amount', { amount: 19.99, currency: 'EUR' }],
    ['a negative amount', { amount: -1, currency: 'EUR' }],
    ['an amount above the maximum price', { amount: 1_000_000_000_001, currency: 'EUR' }],
    ['an amount beyond a safe integer', { amount: 2 ** 53, currency: 'EUR' }],
    ['an unknown currency', { amount: 100, currency: 'XXQ' }],
  ])('money with %s', (_label, price) => {
    it('is refused by addProductVariant', async () => {
      const { productId } = await createProduct(testApp.client, { variants: [], publish: false });
      await expectRejected(testApp, 'BAD_USER_INPUT', ADD_VARIANT, { id: productId, input: { sku: uniqueSku('MONEY'), name: 'Money', price } });
      expect(await product(productId)).toMatchObject({ variants: [] });
    });

    it('is refused by changeVariantPrice', async () => {
      const sku = uniqueSku('REPRICE');
      const { variantId, productId } = await createProduct(testApp.client, { variants: [{ sku, amount: 700 }] });
      await expectRejected(testApp, 'BAD_USER_INPUT', CHANGE_PRICE, { id: variantId(sku), price });
      expect((await product(productId))!.variants[0]!.price).toEqual({ amount: 700, currency: 'EUR' });
    });
  });
});

describe('ids', () => {
  const malformed = ['not-a-uuid', '12345', "'; DROP TABLE events; --"];

  it.each(malformed)('answers NOT_FOUND for the malformed id %j everywhere', async (id) => {
    await expectRejected(testApp, 'NOT_FOUND', PRODUCT, { id });
    await expectRejected(testApp, 'NOT_FOUND', ADD_VARIANT, { id, input: { sku: uniqueSku('IDS'), name: 'x', price: { amount: 1, currency: 'EUR' } } });
    await expectRejected(testApp, 'NOT_FOUND', CHANGE_PRICE, { id, price: { amount: 1, currency: 'EUR' } });
    await expectRejected(testApp, 'NOT_FOUND', PUBLISH, { id });
    await expectRejected(testApp, 'NOT_FOUND', ARCHIVE, { id });
  });

  it('answers NOT_FOUND for well-formed ids that do not exist, naming the id', async () => {
    const error = await expectRejected(testApp, 'NOT_FOUND', PUBLISH, { id: UNKNOWN_ID });
    expect(error.extensions).toEqual({ code: 'NOT_FOUND', id: UNKNOWN_ID });
    expect(error.message).toBe(`Product ${UNKNOWN_ID} was not found`);
    await expectRejected(testApp, 'NOT_FOUND', ADD_VARIANT, { id: UNKNOWN_ID, input: { sku: uniqueSku('NOWHERE'), name: 'x', price: { amount: 1, currency: 'EUR' } } });
    await expectRejected(testApp, 'NOT_FOUND', CHANGE_PRICE, { id: UNKNOWN_ID, price: { amount: 1, currency: 'EUR' } });
    await expectRejected(testApp, 'NOT_FOUND', PUBLISH, { id: UNKNOWN_ID });
    await expectRejected(testApp, 'NOT_FOUND', ARCHIVE, { id: UNKNOWN_ID });
  });

  it('does not let a failed variant claim the SKU of a product that does not exist', async () => {
    const sku = uniqueSku('UNCLAIMED');
    await expectRejected(testApp, 'NOT_FOUND', ADD_VARIANT, { id: UNKNOWN_ID, input: { sku, name: 'x', price: { amount: 1, currency: 'EUR' } } });
    const { variants } = await createProduct(testApp.client, { variants: [{ sku, amount: 1 }] });
    expect(variants.map((v) => v.sku)).toEqual([sku]);
  });
});

describe('products connection', () => {
  // A word no other test uses keeps this listing to the products made here.
  const word = 'Pagerlamp';
  let published: string[];
  let draftId: string;
  let archivedId: string;

  beforeAll(async () => {
    published = [];
    for (let i = 1; i <= 5; i++) {
      const { productId } = await createProduct(testApp.client, { name: `${word} ${i}`, variants: [{ sku: uniqueSku(`PAGER${i}`), amount: 100 * i }] });
      published.push(productId);
    }
    draftId = (await createProduct(testApp.client, { name: `${word} draft`, variants: [{ sku: uniqueSku('PAGERD'), amount: 1 }], publish: false })).productId;
    archivedId = (await createProduct(testApp.client, { name: `${word} archived`, variants: [{ sku: uniqueSku('PAGERA'), amount: 1 }] })).productId;
    await testApp.client.data(ARCHIVE, { id: archivedId });
  });

  it('lists only published products, oldest first', async () => {
    const { products } = await listProducts({ first: 100 });
    const ids = products.edges.map((e) => e.node.id);
    expect(products.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
    expect(ids).not.toContain(draftId);
    expect(ids).not.toContain(archivedId);
    expect(ids.filter((id) => published.includes(id))).toEqual(published);
  });

  it('pages with first/after until hasNextPage is false', async () => {
    const page1 = await listProducts({ first: 2, search: word });
    expect(page1.products.edges.map((e) => e.node.id)).toEqual(published.slice(0, 2));
    expect(page1.products.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.products.edges[1]!.cursor });

    const page2 = await listProducts({ first: 2, search: word, after: page1.products.pageInfo.endCursor });
    expect(page2.products.edges.map((e) => e.node.id)).toEqual(published.slice(2, 4));
    expect(page2.products.pageInfo.hasNextPage).toBe(true);

    const page3 = await listProducts({ first: 2, search: word, after: page2.products.pageInfo.endCursor });
    expect(page3.products.edges.map((e) => e.node.id)).toEqual(published.slice(4));
    expect(page3.products.pageInfo).toEqual({ hasNextPage: false, endCursor: page3.products.edges[0]!.cursor });

    const beyond = await listProducts({ first: 2, search: word, after: page3.products.pageInfo.endCursor });
    expect(beyond.products).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('a page exactly as long as what is left has no next page', async () => {
    const { products } = await listProducts({ first: 5, search: word });
    expect(products.edges).toHaveLength(5);
    expect(products.pageInfo.hasNextPage).toBe(false);
  });

  it('searches names case-insensitively', async () => {
    const { products } = await listProducts({ search: `  ${word.toUpperCase()} 3 ` });
    expect(products.edges.map((e) => e.node.id)).toEqual([published[2]]);
  });

  it('searches SKUs', async () => {
    const sku = uniqueSku('FINDME-SKU');
    const { productId } = await createProduct(testApp.client, { name: 'Unremarkable', variants: [{ sku, amount: 1 }] });
    const { products } = await listProducts({ search: sku.toLowerCase() });
    expect(products.edges.map((e) => e.node.id)).toEqual([productId]);
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    const { products } = await listProducts({ search: `${word}%` });
    expect(products.edges).toEqual([]);
  });

  it('refuses a search text with a NUL character, which no stored text can hold (every string input is checked)', async () => {
    const error = await expectRejected(testApp, 'BAD_USER_INPUT', PRODUCTS, { first: 2, search: `${word}\u0000` });
    expect(error.extensions?.at).toBe('$.search');
  });

  it.each(['not-a-cursor', Buffer.from('seq:abc').toString('base64url'), ''])('refuses the cursor %j', async (after) => {
    await expectRejected(testApp, 'BAD_USER_INPUT', PRODUCTS, { first: 2, after });
  });

  it.each([0, -1, 101])('refuses first: %d', async (first) => {
    await expectRejected(testApp, 'BAD_USER_INPUT', PRODUCTS, { first });
  });
});
