import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { shopWide } from '../../server/src/graphql/pubsub';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import type { SignedInClient, TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { checkout, draftOrder, settledOrder, stockUp } from '../support/checkout-fixtures';
import { createShipment, deliverShipment, shipShipment } from '../support/fulfillment-fixtures';
import { startWebTestApp } from '../support/web-test-app';

/** The storefront's fixes of issue 9, one behaviour each, in a real browser. */

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
}, 300_000);

afterAll(async () => {
  await stopWebApp?.();
});

const tokenOf = (client: SignedInClient) => client.authorization.replace(/^Bearer /, '');

async function openPage(pathname: string, signedInAs?: SignedInClient, options: { silentWebSocket?: boolean } = {}): Promise<Page> {
  const origin = testApp.app.url;
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    storageState: signedInAs ? { cookies: [], origins: [{ origin, localStorage: [{ name: 'ordercast.session', value: JSON.stringify({ token: tokenOf(signedInAs) }) }] }] } : undefined,
  });
  // A socket that opens and then never answers: the page gets no pushes, as on a flaky network.
  if (options.silentWebSocket) await context.routeWebSocket(/\/graphql/, () => {});
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${origin}${pathname}`);
  return page;
}

/** A product with the given SKUs (each its own variant named after it) and their stock. */
async function stocked(name: string, warehouse: string, skus: Record<string, { amount: number; stock: number }>) {
  const product = await createProduct(testApp.client, { name, variants: Object.entries(skus).map(([sku, v]) => ({ sku, name: sku, amount: v.amount })) });
  await stockUp(testApp.client, warehouse, Object.fromEntries(Object.entries(skus).map(([sku, v]) => [sku, v.stock])));
  return product;
}

/** A customer's order for `quantity` of `variantId`, checked out with a good card: PLACED. */
async function placedOrderOf(customer: SignedInClient, variantId: string, quantity = 1) {
  const orderId = await draftOrder(customer.client, [{ variantId, quantity }]);
  await checkout(customer.client, orderId, 'tok_visa', `fixes-${orderId}`);
  expect((await settledOrder(customer.client, orderId)).status).toBe('PLACED');
  return orderId;
}

const orderHeading = (page: Page, orderId: string) => page.getByRole('heading', { level: 1, name: `Order ${orderId.slice(0, 8)}` });

describe('storefront fixes', { timeout: 90_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('shows each variant\'s stock in the catalog and does not let an out-of-stock one be added', async () => {
    await stocked('Stocky teapot', 'FIX-STOCK', { 'TEAPOT-MANY': { amount: 3000, stock: 40 }, 'TEAPOT-FEW': { amount: 3000, stock: 2 }, 'TEAPOT-NONE': { amount: 3000, stock: 0 } });
    const customer = await testApp.clientAs('CUSTOMER');
    const page = await openPage('/?q=stocky', customer);
    const variants = page.getByRole('list', { name: 'Variants of Stocky teapot' });
    const row = (sku: string) => variants.getByRole('listitem').filter({ hasText: sku });
    await row('TEAPOT-MANY').getByText('In stock').waitFor();
    await row('TEAPOT-FEW').getByText('Only 2 left').waitFor();
    await row('TEAPOT-NONE').getByText('Out of stock').waitFor();
    expect(await page.getByRole('button', { name: 'Add Stocky teapot – TEAPOT-NONE to order' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add Stocky teapot – TEAPOT-FEW to order' }).isEnabled()).toBe(true);

    // The first "Add" starts the order by itself.
    await page.getByRole('button', { name: 'Add Stocky teapot – TEAPOT-FEW to order' }).click();
    const panel = page.getByRole('region', { name: 'Your order' });
    await panel.getByTestId('order-total').filter({ hasText: '€30.00' }).waitFor();
    await panel.getByText('Draft', { exact: true }).waitFor();
    await page.context().close();
  });

  it('keeps the search and the pages shown in the URL, so reload and back bring them back', async () => {
    for (let i = 1; i <= 13; i++) await createProduct(testApp.client, { name: `Urlpager item ${i}`, variants: [{ sku: `URLPAGER-${i}`, amount: 100 * i }] });
    const page = await openPage('/');
    await page.getByRole('searchbox', { name: 'Search products' }).fill('urlpager');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Urlpager item 12', exact: true }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=urlpager');
    const products = page.getByRole('list', { name: 'Products' }).getByRole('article');

    await page.getByRole('button', { name: 'Load more products' }).click();
    await page.getByRole('heading', { name: 'Urlpager item 13', exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).search).toBe('?q=urlpager&page=2');

    await page.reload();
    await page.getByRole('heading', { name: 'Urlpager item 13', exact: true }).waitFor();
    expect(await products.count()).toBe(13);
    expect(await page.getByRole('searchbox', { name: 'Search products' }).inputValue()).toBe('urlpager');

    // Another search, then back: the earlier search with both pages.
    await page.getByRole('searchbox', { name: 'Search products' }).fill('no such thing at all');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No products match “no such thing at all”.').waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Urlpager item 13', exact: true }).waitFor();
    expect(await products.count()).toBe(13);
    expect(await page.getByRole('searchbox', { name: 'Search products' }).inputValue()).toBe('urlpager');
    await page.context().close();
  });

  it('says what fits the state: shipped and delivered orders, an out-of-stock failure, an unknown order', async () => {
    const product = await stocked('Message mug', 'FIX-MSG', { 'MSG-MUG': { amount: 1500, stock: 10 }, 'MSG-RARE': { amount: 900, stock: 1 } });
    const customer = await testApp.clientAs('CUSTOMER');
    const shipped = await placedOrderOf(customer, product.variantId('MSG-MUG'));
    const shipment = await createShipment(testApp.client, shipped, [{ variantId: product.variantId('MSG-MUG'), quantity: 1 }]);
    await shipShipment(testApp.client, shipment.id, 'MSG-TRACK-1');
    const delivered = await placedOrderOf(customer, product.variantId('MSG-MUG'));
    const parcel = await createShipment(testApp.client, delivered, [{ variantId: product.variantId('MSG-MUG'), quantity: 1 }]);
    await shipShipment(testApp.client, parcel.id, 'MSG-TRACK-2');
    await deliverShipment(testApp.client, parcel.id);

    const page = await openPage(`/orders/${shipped}`, customer);
    const status = page.getByTestId('checkout-status');
    await status.filter({ hasText: 'Paid and shipped' }).waitFor();
    expect(await status.textContent()).not.toContain('placed');

    await page.goto(`${testApp.app.url}/orders/${delivered}`);
    await status.filter({ hasText: 'Delivered' }).waitFor();
    expect(await status.textContent()).not.toContain('placed');

    // Two wanted, one in stock: the checkout fails on stock, and another card would not help.
    const short = await draftOrder(customer.client, [{ variantId: product.variantId('MSG-RARE'), quantity: 2 }]);
    await checkout(customer.client, short, 'tok_visa', `fixes-short-${short}`);
    expect((await settledOrder(customer.client, short)).checkout.failureReason).toBe('OUT_OF_STOCK');
    await page.goto(`${testApp.app.url}/orders/${short}`);
    await status.filter({ hasText: 'Not enough stock' }).waitFor();
    expect(await status.textContent()).toContain('remove the items that are out of stock or lower their quantity');
    expect(await status.textContent()).not.toContain('card');

    // An order id nobody has, and one that is no id at all: "not found", not "live updates unavailable".
    for (const id of ['00000000-0000-4000-8000-00000000abcd', 'not-an-order']) {
      await page.goto(`${testApp.app.url}/orders/${id}`);
      const alert = page.getByRole('alert');
      await alert.filter({ hasText: 'Order not found' }).waitFor();
      expect(await alert.getAttribute('data-code')).toBe('NOT_FOUND');
      expect(await alert.textContent()).toContain(`There is no order ${id.slice(0, 8)}`);
      expect(await page.getByText('Live updates are unavailable').count()).toBe(0);
    }
    await page.context().close();
  });

  it('shows the payment and the shipments with tracking on the order page, and cancels while that is possible', async () => {
    const product = await stocked('Parcel lamp', 'FIX-SHIP', { 'PARCEL-LAMP': { amount: 4000, stock: 10 } });
    const customer = await testApp.clientAs('CUSTOMER');
    const orderId = await placedOrderOf(customer, product.variantId('PARCEL-LAMP'), 2);

    const page = await openPage(`/orders/${orderId}`, customer);
    await orderHeading(page, orderId).waitFor();
    const payment = page.getByTestId('payment-status');
    await payment.and(page.locator('[data-status="AUTHORIZED"]')).waitFor();
    expect(await payment.textContent()).toContain('Authorized');
    await page.getByText('Nothing has been shipped yet.').waitFor();
    await testApp.listening(ORDER_UPDATED, orderId);

    // Shipped elsewhere (by staff): the page follows, with the tracking number, and the charge.
    const shipment = await createShipment(testApp.client, orderId, [{ variantId: product.variantId('PARCEL-LAMP'), quantity: 1 }], 'UPS');
    await shipShipment(testApp.client, shipment.id, '1Z999AA10123456784');
    await page.getByTestId('tracking-number').filter({ hasText: '1Z999AA10123456784' }).waitFor();
    await page.getByRole('listitem', { name: 'Shipment 1' }).getByText('On its way').waitFor();
    await page.getByText('Partially shipped', { exact: true }).waitFor();
    await payment.and(page.locator('[data-status="PARTIALLY_CAPTURED"]')).waitFor();
    // Part of it has shipped: it can no longer be cancelled, so there is no button for it.
    expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await page.context().close();

    // A placed order is cancelled from its page; the authorization is released.
    const other = await placedOrderOf(customer, product.variantId('PARCEL-LAMP'));
    const cancelling = await openPage(`/orders/${other}`, customer);
    await cancelling.getByRole('button', { name: 'Cancel order' }).click();
    await cancelling.getByRole('button', { name: 'Yes, cancel the order' }).click();
    await cancelling.getByText('Cancelled', { exact: true }).waitFor();
    await cancelling.getByTestId('checkout-status').filter({ hasText: 'The order was cancelled' }).waitFor();
    await cancelling.getByTestId('payment-status').and(cancelling.locator('[data-status="VOIDED"]')).waitFor();
    expect(await cancelling.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
    await cancelling.context().close();
  });

  it('shows a refused cancellation in words', async () => {
    const product = await stocked('Refusal vase', 'FIX-REFUSE', { 'REFUSE-VASE': { amount: 2500, stock: 5 } });
    const customer = await testApp.clientAs('CUSTOMER');
    const orderId = await placedOrderOf(customer, product.variantId('REFUSE-VASE'));
    // No pushes reach this page, so it still offers to cancel after the order has shipped.
    const page = await openPage(`/orders/${orderId}`, customer, { silentWebSocket: true });
    await page.getByRole('button', { name: 'Cancel order' }).waitFor();
    const shipment = await createShipment(testApp.client, orderId, [{ variantId: product.variantId('REFUSE-VASE'), quantity: 1 }]);
    await shipShipment(testApp.client, shipment.id, 'REFUSED-1');

    await page.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the order' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('INVALID_STATE');
    expect(await alert.textContent()).toContain('Not possible right now');
    expect(await alert.textContent()).toContain('cannot be cancelled');
    await page.context().close();
  });

  it('keeps the orders list live: new orders and changes appear for staff and for the customer', async () => {
    const product = await stocked('Live list towel', 'FIX-LIVE', { 'LIVE-TOWEL': { amount: 1250, stock: 50 } });
    const customer = await testApp.clientAs('CUSTOMER');
    const staff = await testApp.clientAs('STAFF');
    const staffPage = await openPage('/orders', staff);
    const customerPage = await openPage('/orders', customer);
    await staffPage.getByRole('heading', { name: 'All orders' }).waitFor();
    await customerPage.getByText('You have no orders yet.').waitFor();
    // Both pages' ordersChanged subscriptions listen (they follow every order of the shop).
    await testApp.listening(ORDER_UPDATED, shopWide(DEFAULT_TENANT), 2);

    const orderId = await draftOrder(customer.client, [{ variantId: product.variantId('LIVE-TOWEL'), quantity: 2 }]);
    const link = `Open order ${orderId.slice(0, 8)}`;
    for (const page of [staffPage, customerPage]) {
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: link }) });
      await row.filter({ hasText: '€25.00' }).waitFor();
    }

    // A change to a listed order: its row follows.
    await customer.client.data('mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: orderId, v: product.variantId('LIVE-TOWEL'), q: 3 });
    for (const page of [staffPage, customerPage]) {
      await page.getByRole('row').filter({ has: page.getByRole('link', { name: link }) }).filter({ hasText: '€37.50' }).waitFor();
    }
    // Another customer's new order reaches staff only.
    const other = await testApp.clientAs('CUSTOMER');
    const othersOrder = await draftOrder(other.client, [{ variantId: product.variantId('LIVE-TOWEL'), quantity: 1 }]);
    await staffPage.getByRole('link', { name: `Open order ${othersOrder.slice(0, 8)}` }).waitFor();
    // The customer's own change after it arrives, so the other order's push has come and gone by then.
    await customer.client.data('mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { id } }', { o: orderId, v: product.variantId('LIVE-TOWEL'), q: 4 });
    await customerPage.getByRole('row').filter({ has: customerPage.getByRole('link', { name: link }) }).filter({ hasText: '€50.00' }).waitFor();
    expect(await customerPage.getByRole('link', { name: `Open order ${othersOrder.slice(0, 8)}` }).count()).toBe(0);
    await staffPage.context().close();
    await customerPage.context().close();
  });
});
