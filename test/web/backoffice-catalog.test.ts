import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { openSignedIn, screenOverflow } from '../support/backoffice-page';
import { createProduct } from '../support/catalog-fixtures';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

const openAsAdmin = (pathname = '/admin/catalog', width?: number) => openSignedIn(browser, testApp, pathname, testApp.adminAuthorization, { pageErrors, width });

const editor = (page: Page) => page.getByRole('region', { name: /./ }).filter({ has: page.locator('#editor-heading') });

describe('back office: catalog editor', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('creates a product with a variant, changes its price, publishes it, and the storefront shows it', async () => {
    const page = await openAsAdmin();
    expect(await page.title()).toContain('Catalog editor');
    const create = page.getByRole('form', { name: 'New product' });
    await create.getByLabel('Name').fill('Copper lantern');
    await create.getByLabel('Description').fill('Hand-hammered');
    await create.getByRole('button', { name: 'Create draft' }).click();

    const product = editor(page);
    await product.getByRole('heading', { name: 'Copper lantern' }).waitFor();
    await product.locator('[data-status="DRAFT"]').waitFor();
    await page.getByRole('table', { name: 'Products' }).locator('tr[data-product="Copper lantern"]').filter({ hasText: 'Draft' }).waitFor();

    const variant = product.getByRole('form', { name: 'Add a variant' });
    await variant.getByLabel('SKU').fill('LANTERN-CU');
    await variant.getByLabel('Variant name').fill('Large');
    await variant.getByLabel('Price').fill('24.50');
    await variant.getByRole('button', { name: 'Add variant' }).click();
    const price = product.getByRole('form', { name: 'Price of LANTERN-CU' });
    await price.waitFor();
    expect(await price.getByRole('textbox').inputValue()).toBe('24.50');

    await price.getByRole('textbox').fill('26');
    await price.getByRole('button', { name: 'Save price' }).click();
    await page.getByRole('table', { name: 'Products' }).locator('tr[data-product="Copper lantern"]').filter({ hasText: '€26.00' }).waitFor();

    await product.getByRole('button', { name: 'Publish' }).click();
    await product.locator('[data-status="PUBLISHED"]').waitFor();
    await product.getByRole('status').filter({ hasText: 'Published' }).waitFor();

    const storefront = await openSignedIn(browser, testApp, '/', null, { pageErrors });
    const card = storefront.getByRole('article').filter({ has: storefront.getByRole('heading', { name: 'Copper lantern' }) });
    await card.waitFor();
    expect(await card.textContent()).toContain('€26.00');
    await storefront.context().close();
    await page.context().close();
  });

  it('assigns a brand and categories', async () => {
    const { createBrand } = await testApp.client.data<any>('mutation { createBrand(name: "Lumen & Co") { id } }');
    const { createCategory: home } = await testApp.client.data<any>('mutation { createCategory(name: "Home") { id } }');
    await testApp.client.data<any>('mutation($p: ID!) { createCategory(name: "Lighting", parentId: $p) { id } }', { p: home.id });
    const { productId } = await createProduct(testApp.client, { name: 'Brass lamp', variants: [{ sku: 'LAMP-BR', amount: 5900 }], publish: false });

    const page = await openAsAdmin();
    await page.getByRole('button', { name: 'Edit Brass lamp' }).click();
    const product = editor(page);
    await product.getByRole('heading', { name: 'Brass lamp' }).waitFor();
    await product.getByLabel('Brand').selectOption({ label: 'Lumen & Co' });
    await page.getByRole('table', { name: 'Products' }).locator('tr[data-product="Brass lamp"]').filter({ hasText: 'Lumen & Co' }).waitFor();

    const addCategory = product.getByRole('form', { name: 'Add to a category' });
    await addCategory.getByLabel('Category').selectOption({ label: 'Home › Lighting' });
    await addCategory.getByRole('button', { name: 'Add to category' }).click();
    await product.getByRole('list', { name: 'Categories of Brass lamp' }).getByText('Home › Lighting').waitFor();

    const read = async () => (await testApp.client.data<any>('query($id: ID!) { product(id: $id) { brand { id } categories { name } } }', { id: productId })).product;
    expect(await read()).toEqual({ brand: { id: createBrand.id }, categories: [{ name: 'Lighting' }] });

    await product.getByRole('button', { name: 'Remove from Lighting' }).click();
    await product.getByRole('list', { name: 'Categories of Brass lamp' }).getByText('In no category.').waitFor();
    expect((await read()).categories).toEqual([]);
    await page.context().close();
  });

  it('asks before archiving, and shows refusals in words', async () => {
    await createProduct(testApp.client, { name: 'Taken SKU holder', variants: [{ sku: 'TAKEN-1', amount: 100 }] });
    await createProduct(testApp.client, { name: 'Empty draft', variants: [], publish: false });
    await createProduct(testApp.client, { name: 'Old vase', variants: [{ sku: 'VASE-OLD', amount: 1500 }] });
    const page = await openAsAdmin();

    // Publishing a product without variants is refused.
    await page.getByRole('button', { name: 'Edit Empty draft' }).click();
    let product = editor(page);
    await product.getByRole('heading', { name: 'Empty draft' }).waitFor();
    await product.getByRole('button', { name: 'Publish' }).click();
    let alert = product.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('INVALID_STATE');
    expect((await alert.textContent())?.length).toBeGreaterThan(30);

    // A SKU another product has is refused.
    const variant = product.getByRole('form', { name: 'Add a variant' });
    await variant.getByLabel('SKU').fill('TAKEN-1');
    await variant.getByLabel('Variant name').fill('Dup');
    await variant.getByLabel('Price').fill('1');
    await variant.getByRole('button', { name: 'Add variant' }).click();
    alert = product.getByRole('alert').filter({ hasText: 'TAKEN-1' });
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('CONFLICT');

    await page.getByRole('button', { name: 'Edit Old vase' }).click();
    product = editor(page);
    await product.getByRole('heading', { name: 'Old vase' }).waitFor();
    await product.getByRole('button', { name: 'Archive' }).click();
    const confirm = product.getByRole('group', { name: 'Confirm' });
    expect(await confirm.textContent()).toContain('Archive “Old vase” for good?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await product.locator('[data-status="PUBLISHED"]').count()).toBe(1);

    await product.getByRole('button', { name: 'Archive' }).click();
    await product.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Yes, archive' }).click();
    await product.locator('[data-status="ARCHIVED"]').waitFor();
    expect(await product.getByRole('button', { name: 'Archive' }).count()).toBe(0);
    await page.context().close();
  });

  it('fits a 390 px wide phone without sideways scrolling', async () => {
    await createProduct(testApp.client, { name: 'Phone-width product with a rather long name', variants: [{ sku: 'PHONE-WIDTH-1', amount: 990 }] });
    const page = await openAsAdmin('/admin/catalog', 390);
    await page.getByRole('button', { name: 'Edit Phone-width product with a rather long name' }).click();
    await editor(page).getByRole('form', { name: 'Price of PHONE-WIDTH-1' }).waitFor();
    expect(await screenOverflow(page)).toBe(0);
    await page.context().close();
  });
});
