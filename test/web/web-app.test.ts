import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/auth/roles';
import { TokenService } from '../../server/src/auth/tokens';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockedProduct, stockUp } from '../support/checkout-fixtures';
import { httpClient } from '../support/graphql-client';
import { startWebTestApp } from '../support/web-test-app';

const SCREENSHOT = '/tmp/ordercast-web.png';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
/** Uncaught errors in the page fail the test that caused them. */
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
}, 120_000);

afterAll(async () => {
  await stopWebApp?.();
});

/** Where the web app keeps its token (see web/src/auth/session.ts). */
const SESSION_KEY = 'ordercast.session';

/** `token`: the page starts signed in with it, as if signed in earlier (for speed; one test signs up through the UI). */
async function openPage(pathname = '/', token?: string): Promise<Page> {
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

const tokenOf = (authorization: string) => authorization.replace(/^Bearer /, '');

/** A customer with a token of their own (and an API client for changes made elsewhere), and a page signed in as them. */
async function openAsCustomer(pathname = '/') {
  const customer = await testApp.clientAs('CUSTOMER');
  return { customer, page: await openPage(pathname, tokenOf(customer.authorization)) };
}

async function searchCatalog(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Search products' }).fill(text);
  await page.getByRole('button', { name: 'Search' }).click();
}

/**
 * Resolves once the page's order subscription listens on the server. Pushes only follow changes
 * made after that, so a test waits for this before making a change it expects to see pushed.
 */
async function pageFollowsOrder(page: Page): Promise<void> {
  const orderId = await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'));
  if (!orderId) throw new Error('the page has no current order');
  await testApp.listening(ORDER_UPDATED, orderId);
}

const accountMenu = (page: Page) => page.getByRole('group', { name: 'Account' });

const textOf = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();

const CHANGE_QUANTITY = 'mutation($orderId: ID!, $variantId: ID!, $quantity: Int!) { changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) { version } }';

describe('web app', { timeout: 90_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('starts an order with the first item added and shows changes made through the API live', async () => {
    const { variantId } = await createProduct(testApp.client, {
      name: 'Enamel mug',
      variants: [
        { sku: 'MUG-BLUE', name: 'Blue', amount: 1999 },
        { sku: 'MUG-RED', name: 'Red', amount: 2150 },
      ],
    });
    await stockUp(testApp.client, 'WEB-MUG', { 'MUG-BLUE': 10, 'MUG-RED': 10 });
    const { customer, page } = await openAsCustomer();
    const panel = page.getByRole('region', { name: 'Your order' });

    await page.getByRole('heading', { name: 'Enamel mug' }).waitFor();
    expect(await accountMenu(page).textContent()).toContain('Customer');
    const blue = page.getByRole('list', { name: 'Variants of Enamel mug' }).getByRole('listitem').filter({ hasText: 'MUG-BLUE' });
    expect(await blue.textContent()).toContain('€19.99');

    // No separate "Start order": the first "Add" starts the order.
    expect(await page.getByRole('button', { name: 'Start order' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add Enamel mug – Blue to order' }).click();
    await panel.getByText('Draft').waitFor();
    await panel.getByTestId('order-total').filter({ hasText: '€19.99' }).waitFor();
    const orderId = await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'));
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    await pageFollowsOrder(page);

    await page.evaluate(() => Object.assign(window, { ordercastSameDocument: true }));
    // The same customer, elsewhere (another device): the subscription authenticated with the page's token pushes it.
    await customer.client.data(CHANGE_QUANTITY, { orderId, variantId: variantId('MUG-BLUE'), quantity: 3 });

    await panel.getByTestId('order-total').filter({ hasText: '€59.97' }).waitFor();
    await panel.getByText('Live: received version 3').waitFor();
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
    const { customer, page } = await openAsCustomer();
    const panel = page.getByRole('region', { name: 'Your order' });
    await page.getByRole('button', { name: /Add .* – CANDLE-1 to order/ }).click();
    await panel.getByText('Draft').waitFor();
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
    const { order } = await customer.client.data<{ order: { status: string; checkout: { attempts: number } } }>(
      'query($id: ID!) { order(id: $id) { status checkout { attempts } } }',
      { id: orderId },
    );
    expect(order).toEqual({ status: 'PLACED', checkout: { attempts: 2 } });
    await page.context().close();
  });

  it('shows an API error in words when an item can no longer be ordered', async () => {
    const { productId } = await createProduct(testApp.client, { name: 'Withdrawn lamp', variants: [{ sku: 'LAMP-1', name: 'Brass', amount: 4500 }] });
    await stockUp(testApp.client, 'WEB-LAMP', { 'LAMP-1': 3 });
    const { page } = await openAsCustomer();
    await page.getByRole('heading', { name: 'Withdrawn lamp' }).waitFor();

    await testApp.client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId });
    await page.getByRole('button', { name: 'Add Withdrawn lamp – Brass to order' }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await alert.textContent()).toContain('That request was not accepted');
    expect(await alert.textContent()).toContain('its product is archived');
    await page.context().close();
  });

  it("lists the signed-in customer's own orders (staff see all) and opens one on its own URL", async () => {
    const { variantId } = await createProduct(testApp.client, { name: 'Linen towel', variants: [{ sku: 'TOWEL-1', name: 'Sand', amount: 1250 }] });
    const orderOf = async (client: { data: TestApp['client']['data'] }, quantity: number) => {
      const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
      await client.data('mutation($o: ID!, $v: ID!, $q: Int!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: createOrder.id, v: variantId('TOWEL-1'), q: quantity });
      return createOrder.id;
    };
    const customer = await testApp.clientAs('CUSTOMER');
    const other = await testApp.clientAs('CUSTOMER');
    const own = await orderOf(customer.client, 2);
    const others = await orderOf(other.client, 1);
    const short = own.slice(0, 8);

    const page = await openPage('/orders', tokenOf(customer.authorization));
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Open order ${short}` }) });
    expect(await row.textContent()).toContain('€25.00');
    expect(await page.getByRole('link', { name: /^Open order / }).count()).toBe(1);
    expect(await page.getByRole('link', { name: `Open order ${others.slice(0, 8)}` }).count()).toBe(0);

    await page.getByRole('link', { name: `Open order ${short}` }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${short}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/orders/${own}`);
    expect(await textOf(page, 'order-total')).toBe('€25.00');

    await page.getByRole('button', { name: 'Continue shopping with this order' }).click();
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await page.getByRole('region', { name: 'Your order' }).getByTestId('order-total').filter({ hasText: '€25.00' }).waitFor();

    // Another customer's order, even by its URL, is not shown.
    await page.goto(`${testApp.app.url}/orders/${others}`);
    await page.getByRole('heading', { level: 1, name: `Order ${others.slice(0, 8)}` }).waitFor();
    expect(await page.getByRole('alert').getAttribute('data-code')).toBe('NOT_FOUND');
    expect(await page.getByTestId('order-total').count()).toBe(0);
    await page.context().close();

    const staff = await testApp.clientAs('STAFF');
    const staffPage = await openPage('/orders', tokenOf(staff.authorization));
    await staffPage.getByRole('heading', { name: 'All orders' }).waitFor();
    await staffPage.getByRole('link', { name: `Open order ${short}` }).waitFor();
    await staffPage.getByRole('link', { name: `Open order ${others.slice(0, 8)}` }).waitFor();
    await staffPage.context().close();
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

  it('lets a visitor browse the catalog, asks them to sign in to order, signs them up and out again', async () => {
    await createProduct(testApp.client, { name: 'Walnut board', variants: [{ sku: 'BOARD-1', name: 'Small', amount: 3900 }] });
    await stockUp(testApp.client, 'WEB-BOARD', { 'BOARD-1': 20 });
    const page = await openPage();
    await searchCatalog(page, 'walnut');
    await page.getByRole('heading', { name: 'Walnut board' }).waitFor();
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).waitFor();
    await page.getByRole('region', { name: 'Your order' }).getByText('Sign in or create an account to start an order.').waitFor();

    await page.getByRole('button', { name: 'Add Walnut board – Small to order' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Sign in to start an order');

    await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    const email = `web-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    await page.getByLabel('Name').fill('Margaret Hamilton');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('apollo-guidance-11');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Back in the catalog, signed in, and allowed to order now.
    await page.getByRole('heading', { name: 'Catalog' }).waitFor();
    await accountMenu(page).getByText('Margaret Hamilton').waitFor();
    expect(await accountMenu(page).textContent()).toContain('Customer');
    const panel = page.getByRole('region', { name: 'Your order' });
    // Back where they were: the search is in the URL the sign-in returned to.
    await page.getByRole('heading', { name: 'Walnut board' }).waitFor();
    await page.getByRole('button', { name: 'Add Walnut board – Small to order' }).click();
    await panel.getByText('Draft').waitFor();
    await panel.getByTestId('order-total').filter({ hasText: '€39.00' }).waitFor();

    // The stored token is the new customer's: the API knows them by it.
    const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)) ?? 'null') as { token: string; expiresAt: string };
    expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now());
    const { me } = await httpClient(testApp.app.url, { authorization: `Bearer ${stored.token}` }).data<{ me: { email: string; role: string } }>('{ me { email role } }');
    expect(me).toEqual({ email, role: 'CUSTOMER' });

    await accountMenu(page).getByRole('button', { name: 'Sign out' }).click();
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await accountMenu(page).getByText('Margaret Hamilton').count()).toBe(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    expect(await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId'))).toBeNull();
    await page.getByRole('region', { name: 'Your order' }).getByText('Sign in or create an account to start an order.').waitFor();
    await searchCatalog(page, 'walnut');
    await page.getByRole('heading', { name: 'Walnut board' }).waitFor();
    await page.getByRole('button', { name: 'Add Walnut board – Small to order' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Sign in to start an order');

    // The orders page asks for an account, and signing in there comes back to it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('status').filter({ hasText: 'Sign in to see your orders' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').getAttribute('data-code')).toBe('UNAUTHENTICATED');
    await page.getByLabel('Password').fill('apollo-guidance-11');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/orders');
    // The heading shows before the list has loaded.
    await page.getByRole('link', { name: /^Open order / }).first().waitFor();
    expect(await page.getByRole('link', { name: /^Open order / }).count()).toBe(1);
    await accountMenu(page).getByText('Margaret Hamilton').waitFor();
    await page.context().close();
  });

  it('drops a token the API rejects and one that expires, and shows the sign-in page', async () => {
    const forged = await new SignJWT({ shop: 'demo', role: 'CUSTOMER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('ordercast')
      .setSubject('00000000-0000-4000-8000-000000000000')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-secret-of-this-server-at-all'));
    const page = await openPage('/orders', forged);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Your session has ended');
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).waitFor();
    await page.context().close();

    // A token that was over before the page opened is dropped before anything is asked with it.
    const { userId } = await testApp.clientAs('CUSTOMER');
    const stale = await new TokenService(TEST_JWT_SECRET, 60).issue({ userId, shopId: 'demo', role: Role.CUSTOMER }, Date.now() - 3_600_000);
    const reopened = await openPage('/orders', stale.token);
    await reopened.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await reopened.getByRole('status').textContent()).toContain('Your session has ended');
    expect(new URL(reopened.url()).searchParams.get('next')).toBe('/orders');
    expect(await reopened.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    await reopened.context().close();

    // A token that runs out while the page is open: the app signs out when it does.
    const shortLived = await new TokenService(TEST_JWT_SECRET, 5).issue({ userId, shopId: 'demo', role: Role.CUSTOMER });
    const expiring = await openPage('/', shortLived.token);
    await expiring.getByRole('heading', { name: 'Catalog' }).waitFor();
    await accountMenu(expiring).getByRole('button', { name: 'Sign out' }).waitFor();
    await expiring.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await expiring.getByRole('status').textContent()).toContain('Your session has ended');
    expect(await expiring.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    await expiring.context().close();
  });
});
