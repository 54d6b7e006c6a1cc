import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
const pageErrors: string[] = [];

interface Named {
  id: string;
  name: string;
}
let acme: Named;
let globex: Named;
let apparel: Named;
let shirts: Named;

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());

  const { client } = testApp;
  const brand = async (name: string) => (await client.data<{ createBrand: Named }>('mutation($n: String!) { createBrand(name: $n) { id name } }', { n: name })).createBrand;
  const category = async (name: string, parentId?: string) =>
    (await client.data<{ createCategory: Named }>('mutation($n: String!, $p: ID) { createCategory(name: $n, parentId: $p) { id name } }', { n: name, p: parentId })).createCategory;
  acme = await brand('Acme');
  globex = await brand('Globex');
  apparel = await category('Apparel');
  shirts = await category('Shirts', apparel.id);
  const product = async (name: string, sku: string, brandId: string | null, categoryIds: string[]) => {
    const { productId } = await createProduct(client, { name, variants: [{ sku, amount: 1500 }] });
    if (brandId) await client.data('mutation($p: ID!, $b: ID) { setProductBrand(productId: $p, brandId: $b) { id } }', { p: productId, b: brandId });
    for (const c of categoryIds) await client.data('mutation($p: ID!, $c: ID!) { addProductCategory(productId: $p, categoryId: $c) { id } }', { p: productId, c });
  };
  await product('Acme shirt', 'F-ACME-SHIRT', acme.id, [shirts.id]);
  await product('Acme mug', 'F-ACME-MUG', acme.id, []);
  await product('Globex jacket', 'F-GLOBEX-JACKET', globex.id, [apparel.id]);
  await product('Plain shirt', 'F-PLAIN-SHIRT', null, [shirts.id]);
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

async function openPage(pathname = '/', viewport = { width: 1280, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

const productNames = async (page: Page) => (await page.getByRole('list', { name: 'Products' }).getByRole('heading').allTextContents()).map((t) => t.trim());
/** Waits for the list to show exactly these products (it refetches after a choice). */
const expectProducts = (page: Page, names: string[]) => expect.poll(() => productNames(page), { timeout: EVENTUALLY_MS }).toEqual(names);
const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

describe('storefront brand and category filters', { timeout: 90_000 }, () => {
  it('filters the catalog by brand and category (sub-categories included), keeps the choice in the URL, and combines it with the search', async () => {
    const page = await openPage();
    const brandSelect = page.getByRole('combobox', { name: 'Brand' });
    const categorySelect = page.getByRole('combobox', { name: 'Category' });
    await expectProducts(page, ['Acme shirt', 'Acme mug', 'Globex jacket', 'Plain shirt']);
    // The categories show as a tree: a sub-category right after its parent.
    await expect.poll(() => categorySelect.locator('option').allTextContents()).toEqual(['All categories', 'Apparel', '\u00a0\u00a0\u00a0Shirts']);

    await brandSelect.selectOption({ label: 'Acme' });
    await expectProducts(page, ['Acme shirt', 'Acme mug']);
    expect(params(page)).toEqual({ brand: acme.id });

    await categorySelect.selectOption(apparel.id);
    await expectProducts(page, ['Acme shirt']);
    expect(params(page)).toEqual({ brand: acme.id, category: apparel.id });

    await brandSelect.selectOption({ label: 'All brands' });
    await expectProducts(page, ['Acme shirt', 'Globex jacket', 'Plain shirt']);
    expect(params(page)).toEqual({ category: apparel.id });

    // The search keeps the filter, and the filter the search.
    await page.getByRole('searchbox', { name: 'Search products' }).fill('shirt');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectProducts(page, ['Acme shirt', 'Plain shirt']);
    expect(params(page)).toEqual({ q: 'shirt', category: apparel.id });
    await categorySelect.selectOption(shirts.id);
    await expectProducts(page, ['Acme shirt', 'Plain shirt']);
    await brandSelect.selectOption({ label: 'Globex' });
    await page.getByText('No products match').waitFor();
    expect(params(page)).toEqual({ q: 'shirt', brand: globex.id, category: shirts.id });

    // Back steps through the choices.
    await page.goBack();
    await expectProducts(page, ['Acme shirt', 'Plain shirt']);
    expect(await brandSelect.inputValue()).toBe('');
    await page.context().close();
  });

  it('opens a link with filters filtered, the selects showing them', async () => {
    const page = await openPage(`/?brand=${globex.id}&category=${apparel.id}`);
    await expectProducts(page, ['Globex jacket']);
    expect(await page.getByRole('combobox', { name: 'Brand' }).inputValue()).toBe(globex.id);
    expect(await page.getByRole('combobox', { name: 'Category' }).inputValue()).toBe(apparel.id);

    // A malformed id in a hand-edited link filters nothing rather than failing.
    await page.goto(`${testApp.app.url}/?brand=not-an-id`);
    await expectProducts(page, ['Acme shirt', 'Acme mug', 'Globex jacket', 'Plain shirt']);
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });

  it('fits the selects on a phone, a long brand name included, without scrolling sideways', async () => {
    await testApp.client.data('mutation($n: String!) { createBrand(name: $n) { id } }', { n: 'The Extraordinarily Long-Named Manufacturing Company of Amsterdam' });
    const page = await openPage('/', { width: 390, height: 844 });
    await expectProducts(page, ['Acme shirt', 'Acme mug', 'Globex jacket', 'Plain shirt']);
    await page.getByRole('combobox', { name: 'Brand' }).selectOption({ label: 'Globex' });
    await expectProducts(page, ['Globex jacket']);
    const overflow = await page.evaluate(() => {
      const width = window.innerWidth;
      const outside = Array.from(document.querySelectorAll('form[role="search"], form[role="search"] *'))
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.right > width + 0.5 || box.left < -0.5))
        .map(({ element }) => element.tagName.toLowerCase());
      return { outside, scrollWidth: document.documentElement.scrollWidth, width };
    });
    expect(overflow.outside).toEqual([]);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
    await page.screenshot({ path: '/tmp/ordercast-catalog-filters-phone.png' });
    await page.context().close();
    expect(pageErrors).toEqual([]);
  });
});
