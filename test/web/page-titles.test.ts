import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
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

const SESSION_KEY = 'ordercast.session';

async function openPage(pathname: string, authorization?: string): Promise<Page> {
  const token = authorization?.replace(/^Bearer /, '');
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 860 },
    storageState: token ? { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] } : undefined,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

async function waitForTitle(page: Page, title: string) {
  await expect.poll(() => page.title(), { timeout: 20_000 }).toBe(title);
}

/** The focused element, described: its tag, text and tabindex. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return { tag: element?.tagName.toLowerCase(), text: element?.textContent?.trim(), tabIndex: element?.getAttribute('tabindex') };
  });

async function expectHeadingFocused(page: Page, text: string) {
  await expect.poll(() => focused(page), { timeout: 20_000 }).toEqual({ tag: 'h1', text, tabIndex: '-1' });
}

describe('page titles and focus', { timeout: 90_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('names every storefront page, and moves focus to its heading after a client-side navigation, not on first load', async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const short = createOrder.id.slice(0, 8);
    const page = await openPage('/', customer.authorization);

    await waitForTitle(page, 'Catalog · Ordercast');
    await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
    // First load: the browser's own start, nothing focused by the app.
    expect((await focused(page)).tag).toBe('body');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await waitForTitle(page, 'Orders · Ordercast');
    await expectHeadingFocused(page, 'Your orders');

    await page.getByRole('link', { name: `Open order ${short}` }).click();
    await waitForTitle(page, `Order ${short} · Ordercast`);
    await expectHeadingFocused(page, `Order ${short}`);

    // Back (popstate) is a client-side navigation too.
    await page.goBack();
    await waitForTitle(page, 'Orders · Ordercast');
    await expectHeadingFocused(page, 'Your orders');

    await page.goto(`${testApp.app.url}/no/such/page`);
    await waitForTitle(page, 'Page not found · Ordercast');
    expect((await focused(page)).tag).toBe('body');
    await page.context().close();
  });

  it('names the sign-in page and the back-office screens', async () => {
    const visitor = await openPage('/sign-in');
    await waitForTitle(visitor, 'Sign in · Ordercast');
    await visitor.context().close();

    const staff = await testApp.clientAs('STAFF');
    const page = await openPage('/admin', staff.authorization);
    // The dashboard names itself (usePageTitle in its screen): whatever it says, it says it first.
    await expect.poll(() => page.title(), { timeout: 20_000 }).toMatch(/^Dashboard\b.* · Ordercast$/);
    const nav = page.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Inventory' }).click();
    await waitForTitle(page, 'Inventory · Back office · Ordercast');
    await expectHeadingFocused(page, 'Inventory');
    await nav.getByRole('link', { name: 'Orders board' }).click();
    await waitForTitle(page, 'Orders board · Back office · Ordercast');
    await page.context().close();
  });
});
