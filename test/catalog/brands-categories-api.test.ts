import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestReads } from '../support/request-reads';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { catalogProjections } from '../../server/src/catalog/module';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import type { HttpClient } from '../support/graphql-client';
import { countEvents, expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const CREATE_BRAND = 'mutation($name: String!) { createBrand(name: $name) { id name createdAt updatedAt } }';
const RENAME_BRAND = 'mutation($id: ID!, $name: String!) { renameBrand(id: $id, name: $name) { id name } }';
const CREATE_CATEGORY = 'mutation($name: String!, $parentId: ID) { createCategory(name: $name, parentId: $parentId) { id name parentId parent { id name } } }';
const RENAME_CATEGORY = 'mutation($id: ID!, $name: String!) { renameCategory(id: $id, name: $name) { id name parentId } }';
const CLASSIFIED = 'id version brand { id name } categories { id name }';
const SET_BRAND = `mutation($p: ID!, $b: ID) { setProductBrand(productId: $p, brandId: $b) { ${CLASSIFIED} } }`;
const ADD_CATEGORY = `mutation($p: ID!, $c: ID!) { addProductCategory(productId: $p, categoryId: $c) { ${CLASSIFIED} } }`;
const REMOVE_CATEGORY = `mutation($p: ID!, $c: ID!) { removeProductCategory(productId: $p, categoryId: $c) { ${CLASSIFIED} } }`;
const PRODUCTS = `query($first: Int, $after: String, $search: String, $brandIds: [ID!], $categoryIds: [ID!]) {
  products(first: $first, after: $after, search: $search, brandIds: $brandIds, categoryIds: $categoryIds) {
    edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface Named {
  id: string;
  name: string;
}
interface Classified {
  id: string;
  version: number;
  brand: Named | null;
  categories: Named[];
}

let counter = 0;
/** Every test here shares one shop: names and SKUs carry a number of their own. */
const unique = (label: string) => `${label} ${++counter}`;

const createBrand = async (name = unique('Brand')): Promise<Named> => {
  const { createBrand: brand } = await testApp.client.data<{ createBrand: Named & { createdAt: string; updatedAt: string } }>(CREATE_BRAND, { name });
  expect(brand.updatedAt).toBe(brand.createdAt);
  return { id: brand.id, name: brand.name };
};
const createCategory = async (name = unique('Category'), parentId?: string) =>
  (await testApp.client.data<{ createCategory: Named & { parentId: string | null } }>(CREATE_CATEGORY, { name, parentId })).createCategory;
const newProduct = async (name = unique('Product'), publish = true) => (await createProduct(testApp.client, { name, variants: [{ sku: unique('SKU').replace(' ', '-'), amount: 100 }], publish })).productId;
const setBrand = async (productId: string, brandId: string | null) => (await testApp.client.data<{ setProductBrand: Classified }>(SET_BRAND, { p: productId, b: brandId })).setProductBrand;
const addCategory = async (productId: string, categoryId: string) => (await testApp.client.data<{ addProductCategory: Classified }>(ADD_CATEGORY, { p: productId, c: categoryId })).addProductCategory;
const listIds = async (variables: Record<string, unknown>, client: HttpClient = testApp.anonymous) =>
  (await client.data<{ products: { edges: { node: Named }[] } }>(PRODUCTS, { first: 50, ...variables })).products.edges.map((e) => e.node.id);

/** An operation another caller sends must fail with `code` and append nothing. */
async function expectRefused(client: HttpClient, code: string, query: string, variables: Record<string, unknown>) {
  const before = await countEvents(testApp.database.db);
  expect((await client.error(query, variables)).code).toBe(code);
  expect(await countEvents(testApp.database.db)).toBe(before);
}

describe('brands', () => {
  it('creates and renames a brand; anyone browsing the catalog lists them by name', async () => {
    const zeta = await createBrand(`Zeta ${++counter}`);
    const alpha = await createBrand(`  alpha ${++counter} `);
    expect(alpha.name).toBe(`alpha ${counter}`);
    const { renameBrand } = await testApp.client.data<{ renameBrand: Named }>(RENAME_BRAND, { id: alpha.id, name: `Alpha ${counter}` });
    expect(renameBrand).toEqual({ id: alpha.id, name: `Alpha ${counter}` });

    const { brands } = await testApp.anonymous.data<{ brands: Named[] }>('{ brands { id name } }');
    const ours = brands.filter((b) => [zeta.id, alpha.id].includes(b.id));
    expect(ours).toEqual([
      { id: alpha.id, name: `Alpha ${counter}` },
      { id: zeta.id, name: zeta.name },
    ]);
  });

  it('refuses a name taken by another brand (case aside) with CONFLICT, a bad name with BAD_USER_INPUT, an unknown brand with NOT_FOUND', async () => {
    const taken = await createBrand();
    await expectRejected(testApp, 'CONFLICT', CREATE_BRAND, { name: taken.name.toUpperCase() });
    const other = await createBrand();
    await expectRejected(testApp, 'CONFLICT', RENAME_BRAND, { id: other.id, name: ` ${taken.name} ` });
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE_BRAND, { name: '   ' });
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE_BRAND, { name: 'x'.repeat(101) });
    await expectRejected(testApp, 'NOT_FOUND', RENAME_BRAND, { id: UNKNOWN_ID, name: 'Nobody' });
    await expectRejected(testApp, 'NOT_FOUND', RENAME_BRAND, { id: 'not-an-id', name: 'Nobody' });
  });
});

describe('categories', () => {
  it('creates a tree, renames, and lists every level with its parent', async () => {
    const apparel = await createCategory();
    const shirts = await createCategory(unique('Shirts'), apparel.id);
    expect(shirts).toMatchObject({ parentId: apparel.id, parent: { id: apparel.id, name: apparel.name } });
    const { renameCategory } = await testApp.client.data<{ renameCategory: Named }>(RENAME_CATEGORY, { id: shirts.id, name: 'Tees' });
    expect(renameCategory).toEqual({ id: shirts.id, name: 'Tees', parentId: apparel.id });

    const { categories } = await testApp.anonymous.data<{ categories: (Named & { parentId: string | null; parent: Named | null })[] }>('{ categories { id name parentId parent { id name } } }');
    expect(categories.find((c) => c.id === shirts.id)).toEqual({ id: shirts.id, name: 'Tees', parentId: apparel.id, parent: { id: apparel.id, name: apparel.name } });
    expect(categories.find((c) => c.id === apparel.id)).toMatchObject({ parentId: null, parent: null });
  });

  it('refuses a sibling name with CONFLICT, an unknown parent or category with NOT_FOUND, a bad name with BAD_USER_INPUT', async () => {
    const parent = await createCategory();
    const child = await createCategory(unique('Child'), parent.id);
    await expectRejected(testApp, 'CONFLICT', CREATE_CATEGORY, { name: child.name.toLowerCase(), parentId: parent.id });
    await expectRejected(testApp, 'CONFLICT', CREATE_CATEGORY, { name: parent.name });
    // The same name on another level is fine.
    await createCategory(child.name);
    await expectRejected(testApp, 'NOT_FOUND', CREATE_CATEGORY, { name: unique('Orphan'), parentId: UNKNOWN_ID });
    await expectRejected(testApp, 'NOT_FOUND', RENAME_CATEGORY, { id: UNKNOWN_ID, name: 'Nothing' });
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE_CATEGORY, { name: '' });
  });
});

describe("a product's brand and categories", () => {
  it('assigns, changes and clears the brand; adds and removes categories; the product version stays', async () => {
    const productId = await newProduct();
    const [acme, globex] = [await createBrand(), await createBrand()];
    const [mugs, gifts] = [await createCategory(), await createCategory()];

    expect(await setBrand(productId, acme.id)).toMatchObject({ id: productId, version: 3, brand: acme, categories: [] });
    expect((await setBrand(productId, globex.id)).brand).toEqual(globex);
    expect(await addCategory(productId, gifts.id)).toMatchObject({ brand: globex, categories: [{ id: gifts.id, name: gifts.name }] });
    expect((await addCategory(productId, mugs.id)).categories.map((c) => c.id)).toEqual([gifts.id, mugs.id]);

    // Asking again for what already holds appends nothing.
    const before = await countEvents(testApp.database.db);
    await setBrand(productId, globex.id);
    await addCategory(productId, mugs.id);
    expect(await countEvents(testApp.database.db)).toBe(before);

    const { removeProductCategory } = await testApp.client.data<{ removeProductCategory: Classified }>(REMOVE_CATEGORY, { p: productId, c: gifts.id });
    expect(removeProductCategory.categories).toEqual([{ id: mugs.id, name: mugs.name }]);
    expect(await setBrand(productId, null)).toMatchObject({ brand: null, categories: [{ id: mugs.id }], version: 3 });

    // A rename shows on the product at once: it reads the brand, it does not copy it.
    await testApp.client.data(RENAME_CATEGORY, { id: mugs.id, name: unique('Cups') });
    const { product } = await testApp.anonymous.data<{ product: Classified }>(`query($id: ID!) { product(id: $id) { ${CLASSIFIED} } }`, { id: productId });
    expect(product.categories[0]!.name).toMatch(/^Cups /);
  });

  it('refuses unknown products, brands and categories with NOT_FOUND, and archived products with INVALID_STATE', async () => {
    const productId = await newProduct();
    const brand = await createBrand();
    const category = await createCategory();
    await expectRejected(testApp, 'NOT_FOUND', SET_BRAND, { p: UNKNOWN_ID, b: brand.id });
    await expectRejected(testApp, 'NOT_FOUND', SET_BRAND, { p: productId, b: UNKNOWN_ID });
    await expectRejected(testApp, 'NOT_FOUND', SET_BRAND, { p: productId, b: 'nope' });
    await expectRejected(testApp, 'NOT_FOUND', ADD_CATEGORY, { p: productId, c: UNKNOWN_ID });
    await expectRejected(testApp, 'NOT_FOUND', REMOVE_CATEGORY, { p: productId, c: UNKNOWN_ID });
    await expectRejected(testApp, 'NOT_FOUND', ADD_CATEGORY, { p: UNKNOWN_ID, c: category.id });

    await testApp.client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId });
    await expectRejected(testApp, 'INVALID_STATE', SET_BRAND, { p: productId, b: brand.id });
    await expectRejected(testApp, 'INVALID_STATE', ADD_CATEGORY, { p: productId, c: category.id });
  });
});

describe('who may change brands and categories', () => {
  it('admins only: anonymous callers are UNAUTHENTICATED, customers and staff FORBIDDEN', async () => {
    const productId = await newProduct();
    const brand = await createBrand();
    const category = await createCategory();
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_BRAND, { name: unique('Sneaky') }],
      [RENAME_BRAND, { id: brand.id, name: unique('Sneaky') }],
      [CREATE_CATEGORY, { name: unique('Sneaky') }],
      [RENAME_CATEGORY, { id: category.id, name: unique('Sneaky') }],
      [SET_BRAND, { p: productId, b: brand.id }],
      [ADD_CATEGORY, { p: productId, c: category.id }],
      [REMOVE_CATEGORY, { p: productId, c: category.id }],
    ];
    const customer = await testApp.clientAs('CUSTOMER');
    const staff = await testApp.clientAs('STAFF');
    for (const [query, variables] of attempts) {
      await expectRefused(testApp.anonymous, 'UNAUTHENTICATED', query, variables);
      await expectRefused(customer.client, 'FORBIDDEN', query, variables);
      await expectRefused(staff.client, 'FORBIDDEN', query, variables);
    }
  });

  it("keeps each shop's brands and categories to itself: another shop's cannot be listed or assigned (NOT_FOUND)", async () => {
    const otherAdmin = (await testApp.clientAs('ADMIN', { shopId: 'other-shop' })).client;
    const { createBrand: theirs } = await otherAdmin.data<{ createBrand: Named }>(CREATE_BRAND, { name: 'Their brand' });
    const { createCategory: theirCategory } = await otherAdmin.data<{ createCategory: Named }>(CREATE_CATEGORY, { name: 'Their category' });
    // The same name in our shop is no conflict.
    const ours = await createBrand('Their brand');

    const productId = await newProduct();
    await expectRejected(testApp, 'NOT_FOUND', SET_BRAND, { p: productId, b: theirs.id });
    await expectRejected(testApp, 'NOT_FOUND', ADD_CATEGORY, { p: productId, c: theirCategory.id });
    await expectRejected(testApp, 'NOT_FOUND', CREATE_CATEGORY, { name: unique('Under theirs'), parentId: theirCategory.id });
    const { brands } = await testApp.anonymous.data<{ brands: Named[] }>('{ brands { id } }');
    expect(brands.map((b) => b.id)).toContain(ours.id);
    expect(brands.map((b) => b.id)).not.toContain(theirs.id);
    const { brands: theirBrands } = await otherAdmin.data<{ brands: Named[] }>('{ brands { id name } }');
    expect(theirBrands).toEqual([{ id: theirs.id, name: 'Their brand' }]);
    // Nor can they classify our product.
    expect((await otherAdmin.error(SET_BRAND, { p: productId, b: theirs.id })).code).toBe('NOT_FOUND');
  });
});

describe('products(brandIds, categoryIds)', () => {
  it('filters by brand, by category (and the categories below it), both, with search and paging', async () => {
    const [acme, globex] = [await createBrand(), await createBrand()];
    const apparel = await createCategory();
    const shirts = await createCategory(unique('Shirts'), apparel.id);
    const kitchen = await createCategory();
    const tag = unique('filtered').replace(' ', '');
    const [acmeShirt, acmeMug, globexShirt, globexJacket, unbranded] = [
      await newProduct(`${tag} acme shirt`),
      await newProduct(`${tag} acme mug`),
      await newProduct(`${tag} globex shirt`),
      await newProduct(`${tag} globex jacket`),
      await newProduct(`${tag} plain shirt`),
    ];
    const draft = await newProduct(`${tag} acme draft`, false);
    for (const p of [acmeShirt, acmeMug, draft]) await setBrand(p, acme.id);
    for (const p of [globexShirt, globexJacket]) await setBrand(p, globex.id);
    for (const p of [acmeShirt, globexShirt, unbranded, draft]) await addCategory(p, shirts.id);
    await addCategory(globexJacket, apparel.id);
    await addCategory(acmeMug, kitchen.id);

    expect(await listIds({ brandIds: [acme.id] })).toEqual([acmeShirt, acmeMug]);
    expect(await listIds({ brandIds: [acme.id, globex.id] })).toEqual([acmeShirt, acmeMug, globexShirt, globexJacket]);
    expect(await listIds({ categoryIds: [shirts.id] })).toEqual([acmeShirt, globexShirt, unbranded]);
    expect(await listIds({ categoryIds: [apparel.id] })).toEqual([acmeShirt, globexShirt, globexJacket, unbranded]);
    expect(await listIds({ categoryIds: [apparel.id], brandIds: [globex.id] })).toEqual([globexShirt, globexJacket]);
    expect(await listIds({ categoryIds: [apparel.id], search: `${tag} plain` })).toEqual([unbranded]);
    expect(await listIds({ brandIds: [acme.id, globex.id], categoryIds: [kitchen.id, shirts.id] })).toEqual([acmeShirt, acmeMug, globexShirt]);
    expect(await listIds({ brandIds: [UNKNOWN_ID] })).toEqual([]);
    expect(await listIds({ brandIds: [], categoryIds: [], search: tag })).toEqual([acmeShirt, acmeMug, globexShirt, globexJacket, unbranded]);

    // Paging walks the filtered list.
    type Page = { products: { edges: { node: Named }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const first = (await testApp.anonymous.data<Page>(PRODUCTS, { first: 2, categoryIds: [apparel.id] })).products;
    expect(first.edges.map((e) => e.node.id)).toEqual([acmeShirt, globexShirt]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await testApp.anonymous.data<Page>(PRODUCTS, { first: 2, after: first.pageInfo.endCursor, categoryIds: [apparel.id] })).products;
    expect(second.edges.map((e) => e.node.id)).toEqual([globexJacket, unbranded]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a malformed filter id with BAD_USER_INPUT', async () => {
    for (const variables of [{ brandIds: ['not-an-id'] }, { categoryIds: [UNKNOWN_ID, 'x'] }, { brandIds: Array.from({ length: 51 }, () => UNKNOWN_ID) }]) {
      expect((await testApp.anonymous.error(PRODUCTS, variables)).code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('Product.brand and Product.categories', () => {
  it('are read with one statement each for a whole page of products, whatever its size', async () => {
    const brand = await createBrand();
    const parent = await createCategory();
    const category = await createCategory(unique('Leaf'), parent.id);
    const tag = unique('batched').replace(' ', '');
    for (let i = 0; i < 12; i++) {
      const productId = await newProduct(`${tag} ${i}`);
      await setBrand(productId, brand.id);
      await addCategory(productId, category.id);
    }
    const query = `query($first: Int!, $search: String) { products(first: $first, search: $search) { edges { node { id brand { name } categories { name parent { name } } } } } }`;
    const run = async (first: number) => {
      let nodes: { brand: Named; categories: (Named & { parent: Named })[] }[] = [];
      const reads = await requestReads(testApp.app.db, async () => {
        nodes = (await testApp.anonymous.data<{ products: { edges: { node: (typeof nodes)[number] }[] } }>(query, { first, search: tag })).products.edges.map((e) => e.node);
      });
      return { nodes, reads };
    };
    const small = await run(2);
    const large = await run(12);
    expect(large.nodes).toHaveLength(12);
    for (const node of large.nodes) expect(node).toMatchObject({ brand: { name: brand.name }, categories: [{ name: category.name, parent: { name: parent.name } }] });
    expect(large.reads.statements.length).toBe(small.reads.statements.length);
    expect(large.reads.selectsFrom('catalog_product_brands')).toBe(1);
    expect(large.reads.selectsFrom('catalog_product_categories')).toBe(1);
    expect(large.reads.selectsFrom('catalog_categories')).toBe(1);
  });
});

describe('rebuilding', () => {
  it('rebuilds the brand, category and classification read tables from the events, equal to what the projector built live', async () => {
    const productId = await newProduct();
    const brand = await createBrand();
    await testApp.client.data(RENAME_BRAND, { id: brand.id, name: unique('Renamed') });
    const category = await createCategory();
    await addCategory(productId, category.id);
    await addCategory(productId, (await createCategory(unique('Sub'), category.id)).id);
    await testApp.client.data(REMOVE_CATEGORY, { p: productId, c: category.id });
    await setBrand(productId, brand.id);
    await testApp.app.projector.caughtUpWithLog();

    const projections = catalogProjections.filter((p) => p.name !== 'catalog_products');
    expect(projections.map((p) => p.name)).toEqual(['catalog_brands', 'catalog_categories', 'catalog_product_classification']);
    const { db } = testApp.database;
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const projection of projections) for (const table of projection.tables) tables[table] = await db(table).select().orderByRaw('1, 2, 3');
      return tables;
    };
    const live = await snapshot();
    expect(live.catalog_product_brands!.length).toBeGreaterThan(0);
    expect(live.catalog_product_categories!.length).toBeGreaterThan(0);
    for (const projection of projections) await rebuildProjection(db, testApp.app.store, projection);
    expect(await snapshot()).toEqual(live);
  });
});
