import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_CHANGED } from '../../server/src/dashboard/topics';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import type { TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { startWebTestApp } from '../support/web-test-app';

const SCREENSHOT = '/tmp/ordercast-dashboard.png';
/** Where the web app keeps its token (see web/src/auth/session.ts). */
const SESSION_KEY = 'ordercast.session';

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

async function openSignedIn(pathname: string, role: 'STAFF' | 'ADMIN' | 'CUSTOMER', viewport = { width: 1280, height: 900 }): Promise<Page> {
  const { authorization } = await testApp.clientAs(role);
  const token = authorization.replace(/^Bearer /, '');
  const context = await browser.newContext({
    locale: 'en-US',
    viewport,
    storageState: { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

const hour = (page: Page) => page.getByTestId('dashboard-hour');

async function placeOrder(variantId: string, token: string, key: string) {
  const customer = await testApp.clientAs('CUSTOMER');
  const orderId = await draftOrder(customer.client, [{ variantId, quantity: 1 }]);
  await checkout(customer.client, orderId, token, key);
  return settledOrder(customer.client, orderId);
}

describe('back office dashboard', { timeout: 90_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('shows the figures and stock alerts, and counts an order placed through the API without a reload', async () => {
    const product = await stockedProduct(testApp.client, 'DASH-WEB', { 'WEB-LAMP': { amount: 4200, stock: 3 } });
    await placeOrder(product.variantId('WEB-LAMP'), 'tok_visa', 'web-dash-1');
    await placeOrder(product.variantId('WEB-LAMP'), 'tok_decline_insufficient_funds', 'web-dash-2');

    const page = await openSignedIn('/admin', 'STAFF');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await hour(page).getByTestId('orders-placed').filter({ hasText: /^1$/ }).waitFor();
    expect(await hour(page).getByTestId('revenue').textContent()).toBe('€42.00');
    expect(await hour(page).getByTestId('checkouts-failed').textContent()).toBe('1');
    expect(await hour(page).locator('[data-reason="PAYMENT_DECLINED"]').textContent()).toBe('Payment declined1');
    expect(await page.getByTestId('dashboard-day').getByTestId('orders-placed').textContent()).toBe('1');
    const lamp = page.getByRole('table', { name: 'Stock alerts' }).locator('tr[data-sku="WEB-LAMP"]');
    expect(await lamp.getAttribute('data-level')).toBe('LOW');
    expect(await page.title()).toBe('Dashboard · Ordercast');

    // Pushes follow only changes made once the page's subscription listens on the server.
    await testApp.listening(DASHBOARD_CHANGED, DEFAULT_TENANT);
    await page.evaluate(() => Object.assign(window, { ordercastSameDocument: true }));
    await placeOrder(product.variantId('WEB-LAMP'), 'tok_visa', 'web-dash-3');

    await hour(page).getByTestId('orders-placed').filter({ hasText: /^2$/ }).waitFor();
    await hour(page).getByTestId('revenue').filter({ hasText: '€84.00' }).waitFor();
    await lamp.locator('td').first().filter({ hasText: /^1$/ }).waitFor();
    await page.getByTestId('dashboard-updated').filter({ hasText: 'Live' }).waitFor();
    expect(await page.evaluate(() => 'ordercastSameDocument' in window)).toBe(true);
    await page.getByRole('img', { name: 'Orders placed per minute, last hour' }).waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.context().close();
  });

  it('fits a phone: the figure cards stack and nothing scrolls sideways', async () => {
    const page = await openSignedIn('/admin', 'ADMIN', { width: 375, height: 740 });
    await hour(page).getByTestId('orders-placed').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('is not for customers', async () => {
    const page = await openSignedIn('/admin', 'CUSTOMER');
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(await page.getByTestId('dashboard-hour').count()).toBe(0);
    await page.context().close();
  });
});
