import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockedProduct } from '../support/checkout-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOT = '/tmp/ordercast-web.png';

let distDir: string;
let testApp: TestApp;
let browser: Browser;
/** Uncaught errors in the page fail the test that caused them. */
let pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`The web app test drives Debian's Chromium at ${CHROMIUM}, which is missing: install it with \`apt-get update && apt-get install -y chromium\`.`);
  }
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-web-dist-'));
  await buildWebApp(distDir);
  testApp = await startTestApp({ webDistDir: distDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await testApp?.stop();
  if (distDir) fs.rmSync(distDir, { recursive: true, force: true });
});

/** The production bundle `npm start` serves; vitest's NODE_ENV=test would make Vite build React's development one. */
async function buildWebApp(outDir: string) {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

async function openPage(pathname = '/'): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

const textOf = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

const CHANGE_QUANTITY = 'mutation($orderId: ID!, $variantId: ID!, $quantity: Int!) { changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) { version } }';

describe('web app', () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('starts an order, adds an item and shows changes made through the API live', async () => {
    const { variantId } = await createProduct(testApp.client, {
      name: 'Enamel mug',
      variants: [
        { sku: 'MUG-BLUE', name: 'Blue', amount: 1999 },
        { sku: 'MUG-RED', name: 'Red', amount: 2150 },
      ],
    });
    const page = await openPage();
    const panel = page.getByRole('region', { name: 'Your order' });

    await page.getByRole('heading', { name: 'Enamel mug' }).waitFor();
    const blue = page.getByRole('list', { name: 'Variants of Enamel mug' }).getByRole('listitem').filter({ hasText: 'MUG-BLUE' });
    expect(await blue.textContent()).toContain('€19.99');

    await page.getByRole('button', { name: 'Start order' }).click();
    await panel.getByText('Draft').waitFor();
    const orderId = await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'));
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: 'Add Enamel mug – Blue to order' }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€19.99' }).waitFor();
    // The subscription has delivered the change the page itself made: it is live from here on.
    await panel.getByText('Live: received version 2').waitFor();

    await page.evaluate(() => Object.assign(window, { ordercastSameDocument: true }));
    await testApp.client.data(CHANGE_QUANTITY, { orderId, variantId: variantId('MUG-BLUE'), quantity: 3 });

    await panel.getByTestId('order-total').filter({ hasText: '€59.97' }).waitFor();
    expect(await textOf(page, 'order-version')).toBe('3');
    expect(await panel.getByRole('status', { name: 'Quantity of Enamel mug – Blue' }).textContent()).toBe('3');
    expect(await page.evaluate(() => 'ordercastSameDocument' in window)).toBe(true);

    await page.getByRole('button', { name: 'Add Enamel mug – Red to order' }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€81.47' }).waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.getByRole('button', { name: 'Decrease quantity of Enamel mug – Blue' }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€61.48' }).waitFor();
    await page.getByRole('button', { name: 'Remove Enamel mug – Red from the order' }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€39.98' }).waitFor();

    await page.reload();
    await panel.getByTestId('order-total').filter({ hasText: '€39.98' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'))).toBe(orderId);
    await page.context().close();
  });

  it('checks an order out: a declined card shows why and leaves a draft, a good card places it, live', async () => {
    await stockedProduct(testApp.client, 'WEB-WH', { 'CANDLE-1': { amount: 1200, stock: 5 } });
    const page = await openPage();
    const panel = page.getByRole('region', { name: 'Your order' });
    await page.getByRole('button', { name: 'Start order' }).click();
    await panel.getByText('Draft').waitFor();
    await page.getByRole('button', { name: /Add .* – CANDLE-1 to order/ }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€12.00' }).waitFor();

    await panel.getByLabel('Test card').selectOption('tok_decline_insufficient_funds');
    await panel.getByRole('button', { name: 'Check out' }).click();
    const status = panel.getByTestId('checkout-status');
    await status.and(page.locator('[data-status="FAILED"]')).waitFor();
    expect(await status.textContent()).toContain('The payment was declined');
    expect(await status.textContent()).toContain('insufficient_funds');
    await panel.getByText('Draft', { exact: true }).waitFor();

    await panel.getByLabel('Test card').selectOption('tok_visa');
    await panel.getByRole('button', { name: 'Check out' }).click();
    await status.and(page.locator('[data-status="COMPLETED"]')).waitFor();
    await panel.getByText('Placed', { exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Check out' }).count()).toBe(0);

    const orderId = await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'));
    const { order } = await testApp.client.data<{ order: { status: string; checkout: { attempts: number } } }>(
      'query($id: ID!) { order(id: $id) { status checkout { attempts } } }',
      { id: orderId },
    );
    expect(order).toEqual({ status: 'PLACED', checkout: { attempts: 2 } });
    await page.context().close();
  });

  it('shows an API error in words when an item can no longer be ordered', async () => {
    const { productId } = await createProduct(testApp.client, { name: 'Withdrawn lamp', variants: [{ sku: 'LAMP-1', name: 'Brass', amount: 4500 }] });
    const page = await openPage();
    await page.getByRole('button', { name: 'Start order' }).click();
    await page.getByRole('region', { name: 'Your order' }).getByText('Draft').waitFor();

    await testApp.client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId });
    await page.getByRole('button', { name: 'Add Withdrawn lamp – Brass to order' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await alert.textContent()).toContain('That request was not accepted');
    expect(await alert.textContent()).toContain('its product is archived');
    await page.context().close();
  });

  it('lists recent orders and opens one on its own URL', async () => {
    const { variantId } = await createProduct(testApp.client, { name: 'Linen towel', variants: [{ sku: 'TOWEL-1', name: 'Sand', amount: 1250 }] });
    const { createOrder } = await testApp.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    await testApp.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 2) { id } }', {
      o: createOrder.id,
      v: variantId('TOWEL-1'),
    });
    const short = createOrder.id.slice(0, 8);

    const page = await openPage('/orders');
    await page.getByRole('heading', { name: 'Recent orders' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Open order ${short}` }) });
    expect(await row.textContent()).toContain('€25.00');

    await page.getByRole('link', { name: `Open order ${short}` }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${short}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/orders/${createOrder.id}`);
    expect(await textOf(page, 'order-total')).toBe('€25.00');

    await page.getByRole('button', { name: 'Continue shopping with this order' }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.getByRole('region', { name: 'Your order' }).getByTestId('order-total').filter({ hasText: '€25.00' }).waitFor();
    await page.context().close();
  });

  it('searches the catalog and loads more results page by page', async () => {
    for (let i = 1; i <= 13; i++) {
      await createProduct(testApp.client, { name: `Pager item ${i}`, variants: [{ sku: `PAGER-${i}`, amount: 100 * i }] });
    }
    const page = await openPage();
    await page.getByRole('searchbox', { name: 'Search products' }).fill('pager');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Pager item 12', exact: true }).waitFor();
    const products = page.getByRole('list', { name: 'Products' }).getByRole('article');
    expect(await products.count()).toBe(12);

    await page.getByRole('button', { name: 'Load more products' }).click();
    await page.getByRole('heading', { name: 'Pager item 13', exact: true }).waitFor();
    expect(await products.count()).toBe(13);
    expect(await page.getByRole('button', { name: 'Load more products' }).count()).toBe(0);
    await page.context().close();
  });
});
