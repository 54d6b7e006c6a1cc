import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { SHIPMENT_UPDATED } from '../../server/src/fulfillment/events';
import { shopWide } from '../../server/src/graphql/pubsub';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { signUp } from '../accounts/account-operations';
import type { TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { createShipment, shipShipment } from '../support/fulfillment-fixtures';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
/** Uncaught errors in a page fail the test that caused them. */
let pageErrors: string[] = [];
let variantId: (sku: string) => string;

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
  ({ variantId } = await stockedProduct(testApp.client, 'BO-WH', {
    'BO-MUG': { amount: 1500, stock: 500 },
    'BO-POSTER-WITH-A-RATHER-LONG-SKU-NAME': { amount: 2500, stock: 500 },
  }));
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

/** Where the web app keeps its token (see web/src/auth/session.ts). */
const SESSION_KEY = 'ordercast.session';

/** A page of the web app at `pathname`, signed in with `authorization` as if signed in earlier. */
async function openPage(pathname: string, authorization: string, width = 1280): Promise<Page> {
  const token = authorization.replace(/^Bearer /, '');
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width, height: 900 },
    storageState: { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

async function openAsStaff(pathname: string, width?: number) {
  return openPage(pathname, (await testApp.clientAs('STAFF')).authorization, width);
}

let customers = 0;
/** A customer account with a name and an email (so the board has something to show), signed in. */
async function customer(name: string) {
  customers += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${customers}@example.com`;
  const { token } = await signUp(testApp.anonymous, { email, name });
  const authorization = `Bearer ${token}`;
  return { name, email, authorization, client: httpClient(testApp.app.url, { authorization }) };
}

/** A customer's order, checked out with a good card and PLACED. */
async function placedOrderOf(client: HttpClient, lines: { sku: string; quantity: number }[]) {
  const orderId = await draftOrder(client, lines.map((line) => ({ variantId: variantId(line.sku), quantity: line.quantity })));
  await checkout(client, orderId, 'tok_visa', `bo-${orderId}`);
  const order = await settledOrder(client, orderId);
  expect(order.status).toBe('PLACED');
  return orderId;
}

const boardRow = (page: Page, orderId: string) => page.locator(`tr[data-order-id="${orderId}"]`);

/** How far the page is wider than its viewport, and which elements stick out (empty: no sideways scrolling). */
function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (element.closest('input[type="range"]')) continue;
      if (box.right > width + 0.5 || box.left < -0.5) offenders.push(`${element.tagName.toLowerCase()}.${String(element.className)} "${(element.textContent ?? '').trim().slice(0, 40)}"`);
    }
    return { overflow: document.documentElement.scrollWidth - width, offenders };
  });
}

describe('back office: orders board and order console', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('shows a new order and its checkout live on the board, with its customer; filters live in the URL', async () => {
    const listeners = testApp.app.pubSub.listenerCount(ORDER_UPDATED, shopWide(DEFAULT_TENANT));
    const page = await openAsStaff('/admin/orders');
    await page.getByRole('heading', { name: 'Orders board' }).waitFor();
    expect(await page.title()).toContain('Orders board');
    await page.getByRole('status').filter({ hasText: /orders?/ }).filter({ hasNotText: 'Loading' }).waitFor();
    await testApp.listening(ORDER_UPDATED, shopWide(DEFAULT_TENANT), listeners + 1);
    await page.getByRole('status').getByText('Live', { exact: true }).waitFor();

    // A customer shops elsewhere: only the subscription can bring their order to this page.
    const grace = await customer('Grace Boardwalk');
    const orderId = await draftOrder(grace.client, [{ variantId: variantId('BO-MUG'), quantity: 2 }]);
    const row = boardRow(page, orderId);
    await row.filter({ hasText: 'Grace Boardwalk' }).filter({ hasText: '€30.00' }).waitFor();
    expect(await row.textContent()).toContain(grace.email);
    expect(await row.textContent()).toContain('Draft');

    await checkout(grace.client, orderId, 'tok_visa', `board-${orderId}`);
    await row.filter({ hasText: 'Placed' }).waitFor();
    await page.screenshot({ path: '/tmp/ordercast-backoffice-board.png' });

    // Filters: applied through the form, kept in the URL; a status filter lets the row leave live.
    await page.getByRole('search', { name: 'Filter orders' }).getByLabel('Customer').fill('boardwalk');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/customer=boardwalk/);
    await row.waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('search', { name: 'Filter orders' }).getByLabel('Status').selectOption('PLACED');
    await page.waitForURL(/status=PLACED/);
    await row.waitFor();
    await grace.client.data('mutation($o: ID!) { cancelOrder(orderId: $o, reason: "changed my mind") { id } }', { o: orderId });
    await page.getByText('No orders match these filters.').waitFor();

    // The same filters from a bookmarked URL, and a date range that excludes today.
    await page.goto(`${testApp.app.url}/admin/orders?customer=boardwalk&status=CANCELLED`);
    await row.filter({ hasText: 'Cancelled' }).waitFor();
    await page.goto(`${testApp.app.url}/admin/orders?customer=boardwalk&from=2020-01-01&to=2020-12-31`);
    await page.getByText('No orders match these filters.').waitFor();
    expect(await page.getByRole('search', { name: 'Filter orders' }).getByLabel('Created from').inputValue()).toBe('2020-01-01');

    // A row opens the order's console.
    await page.goto(`${testApp.app.url}/admin/orders?customer=boardwalk`);
    await row.getByRole('link').click();
    await page.waitForURL(`**/admin/orders/${orderId}`);
    await page.getByRole('heading', { name: `Order ${orderId.slice(0, 8)}` }).waitFor();
    expect(await page.getByTestId('console-customer-name').textContent()).toBe('Grace Boardwalk');
    await page.waitForFunction((title) => document.title.startsWith(title), `Order ${orderId.slice(0, 8)}, Cancelled`);
    await page.context().close();
  });

  it("ships an order from the console, each step confirmed, while the customer's order page follows live", async () => {
    const ada = await customer('Ada Shipper');
    const orderId = await placedOrderOf(ada.client, [
      { sku: 'BO-MUG', quantity: 1 },
      { sku: 'BO-POSTER-WITH-A-RATHER-LONG-SKU-NAME', quantity: 1 },
    ]);
    const customerPage = await openPage(`/orders/${orderId}`, ada.authorization);
    const console = await openAsStaff(`/admin/orders/${orderId}`);
    await console.getByTestId('console-status').filter({ hasText: 'Placed' }).waitFor();
    await customerPage.getByText('Placed').first().waitFor();
    await testApp.listening(ORDER_UPDATED, orderId, 2);
    await testApp.listening(SHIPMENT_UPDATED, orderId);

    await console.getByRole('button', { name: 'Create shipment…' }).click();
    const create = console.getByRole('form', { name: 'Create shipment: confirm' });
    await create.getByLabel('Carrier').fill('UPS');
    await create.getByRole('button', { name: 'Confirm shipment' }).click();
    const shipment = console.getByRole('listitem', { name: /^Shipment / });
    await shipment.filter({ hasText: 'Pending' }).waitFor();

    await shipment.getByRole('button', { name: 'Ship…' }).click();
    const ship = console.getByRole('form', { name: 'Ship: confirm' });
    expect(await ship.textContent()).toContain('Mark shipment');
    await ship.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await ship.getByRole('button', { name: 'Confirm shipping' }).click();

    await console.getByTestId('console-status').filter({ hasText: 'Shipped' }).waitFor();
    await shipment.getByTestId('tracking-number').filter({ hasText: '1Z999AA10123456784' }).waitFor();
    await console.getByTestId('payment-captured').filter({ hasText: '€40.00' }).waitFor();
    await console.screenshot({ path: '/tmp/ordercast-backoffice-console.png', fullPage: true });
    await console.getByRole('list', { name: 'Events of the order' }).getByText('Shipment shipped').waitFor();
    // No action the new state does not allow: nothing left to ship, nothing to cancel.
    expect(await console.getByRole('button', { name: 'Create shipment…' }).count()).toBe(0);
    expect(await console.getByRole('button', { name: 'Cancel order…' }).count()).toBe(0);

    // The customer's page saw it all happen.
    await customerPage.getByText('Shipped').first().waitFor();
    await customerPage.getByText('1Z999AA10123456784').waitFor();

    await shipment.getByRole('button', { name: 'Mark delivered…' }).click();
    await console.getByRole('form', { name: 'Mark delivered: confirm' }).getByRole('button', { name: 'Confirm delivery' }).click();
    await console.getByTestId('console-status').filter({ hasText: 'Delivered' }).waitFor();
    await customerPage.getByText('Delivered').first().waitFor();
    // The customer was told, and the console lists it.
    await console.reload();
    const notifications = console.getByRole('region', { name: 'Notifications sent' });
    await notifications.getByText(/is placed/).waitFor();
    await notifications.getByText(/is on its way/).waitFor();
    await Promise.all([console.context().close(), customerPage.context().close()]);
  });

  it('shows the order as it stood at an earlier version on the time-travel slider, and the timeline with actors', async () => {
    const lin = await customer('Lin Traveller');
    const orderId = await draftOrder(lin.client, [{ variantId: variantId('BO-MUG'), quantity: 1 }]);
    await lin.client.data('mutation($o: ID!, $v: ID!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: 3) { id } }', { o: orderId, v: variantId('BO-MUG') });
    const page = await openAsStaff(`/admin/orders/${orderId}`);
    await page.getByTestId('console-version').filter({ hasText: '3' }).waitFor();
    expect(await page.getByTestId('console-total').textContent()).toBe('€45.00');
    const timeline = page.getByRole('list', { name: 'Events of the order' });
    await timeline.getByText('Order created').waitFor();
    expect(await timeline.textContent()).toContain('by Lin Traveller (customer)');

    const slider = page.getByRole('slider', { name: 'Order version' });
    await slider.focus();
    await page.keyboard.press('Home');
    const past = page.getByTestId('time-travel-view');
    await past.filter({ hasText: 'As it stood at version 1' }).waitFor();
    expect(await past.textContent()).toContain('Draft');
    expect(await past.textContent()).toContain('No items.');
    // The events after version 1 are marked as not yet happened.
    await timeline.getByRole('listitem', { name: 'Item added to order (after the chosen version)' }).waitFor();

    await page.keyboard.press('ArrowRight');
    await past.filter({ hasText: 'As it stood at version 2' }).filter({ hasText: '€15.00' }).waitFor();
    expect(await past.textContent()).toContain('1 × ');
    // The present is untouched by the past.
    expect(await page.getByTestId('console-total').textContent()).toBe('€45.00');

    // A change made now moves the present on, live.
    await lin.client.data('mutation($o: ID!, $v: ID!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: 4) { id } }', { o: orderId, v: variantId('BO-MUG') });
    await page.getByTestId('console-total').filter({ hasText: '€60.00' }).waitFor();
    await page.context().close();
  });

  it('shows a refusal from the API in words: refunding more than was captured', async () => {
    const max = await customer('Max Refund');
    const orderId = await placedOrderOf(max.client, [{ sku: 'BO-MUG', quantity: 1 }]);
    const created = await createShipment(testApp.client, orderId, [{ variantId: variantId('BO-MUG'), quantity: 1 }]);
    await shipShipment(testApp.client, created.id, 'TRACK-REFUND');
    const page = await openAsStaff(`/admin/orders/${orderId}`);
    await page.getByTestId('payment-captured').filter({ hasText: '€15.00' }).waitFor();

    await page.getByRole('button', { name: 'Refund payment…' }).click();
    const refund = page.getByRole('form', { name: 'Refund payment: confirm' });
    expect(await refund.getByLabel('Amount to refund (EUR)').inputValue()).toBe('15.00');
    // The step takes the keyboard's focus where its input is.
    expect(await refund.getByLabel('Amount to refund (EUR)').evaluate((input) => input === document.activeElement)).toBe(true);
    await refund.getByLabel('Amount to refund (EUR)').fill('999.00');
    await refund.getByRole('button', { name: 'Confirm refund' }).click();
    const alert = refund.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await alert.textContent()).toMatch(/refund/i);
    expect(await page.getByTestId('payment-refunded').textContent()).toBe('€0.00');

    // Corrected, the same step goes through.
    await refund.getByLabel('Amount to refund (EUR)').fill('5');
    await refund.getByRole('button', { name: 'Confirm refund' }).click();
    await page.getByTestId('payment-refunded').filter({ hasText: '€5.00' }).waitFor();
    await page.getByTestId('payment-status').filter({ hasText: 'Partially refunded' }).waitFor();

    // Escape leaves a step without doing anything, back on the button that opened it.
    await page.getByRole('button', { name: 'Refund payment…' }).click();
    await refund.waitFor();
    await page.keyboard.press('Escape');
    await refund.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Refund payment…' }).evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await page.getByTestId('payment-refunded').textContent()).toBe('€5.00');
    await page.context().close();
  });

  it('shows a customer no board at /admin/orders', async () => {
    const eve = await customer('Eve Outsider');
    const page = await openPage('/admin/orders', eve.authorization);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Orders board' }).count()).toBe(0);
    expect(await page.locator('table').count()).toBe(0);
    await page.context().close();
  });

  it('fits a 390 px wide phone without sideways scrolling: the board and the console', async () => {
    const someone = await customer('Bartholomew Extraordinarily-Long-Surname');
    const orderId = await placedOrderOf(someone.client, [{ sku: 'BO-POSTER-WITH-A-RATHER-LONG-SKU-NAME', quantity: 2 }]);
    const board = await openAsStaff('/admin/orders', 390);
    await boardRow(board, orderId).waitFor();
    expect(await sidewaysOverflow(board)).toEqual({ overflow: 0, offenders: [] });
    await board.screenshot({ path: '/tmp/ordercast-backoffice-board-phone.png' });
    await board.context().close();

    const console = await openAsStaff(`/admin/orders/${orderId}`, 390);
    await console.getByTestId('console-status').filter({ hasText: 'Placed' }).waitFor();
    await console.getByRole('button', { name: 'Create shipment…' }).click();
    await console.getByRole('form', { name: 'Create shipment: confirm' }).waitFor();
    await console.getByRole('list', { name: 'Events of the order' }).getByText('Order placed').first().waitFor();
    expect(await sidewaysOverflow(console)).toEqual({ overflow: 0, offenders: [] });
    await console.screenshot({ path: '/tmp/ordercast-backoffice-console-phone.png', fullPage: true });
    await console.context().close();
  });
});
