import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { checkout, draftOrder, settledOrder, stockUp } from '../support/checkout-fixtures';
import { createShipment, shipShipment } from '../support/fulfillment-fixtures';
import { startWebTestApp } from '../support/web-test-app';

/**
 * Every storefront page at a phone's width and a laptop's: nothing may stick out sideways (the
 * page must not scroll horizontally, no element may be wider than the screen) and nothing may be
 * cut off (the header's account links, "Add to order", the order panel's checkout form).
 */

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1280, height: 800 },
] as const;

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let customerToken: string;
let draftId: string;
let shippedId: string;

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());

  // Long names and long SKUs: the things that push a narrow layout wide.
  const product = await createProduct(testApp.client, {
    name: 'Hand-thrown stoneware serving bowl with a reactive glaze',
    variants: [
      { sku: 'LAYOUT-EXTRA-LONG-SKU-0001', name: 'Large, speckled oatmeal', amount: 123456 },
      { sku: 'LAYOUT-2', name: 'Small', amount: 990 },
    ],
  });
  await stockUp(testApp.client, 'LAYOUT-WH', { 'LAYOUT-EXTRA-LONG-SKU-0001': 40, 'LAYOUT-2': 2 });
  // Enough of a catalog that on a phone the order panel below it is out of sight.
  for (let i = 1; i <= 4; i++) await createProduct(testApp.client, { name: `Layout filler ${i}`, variants: [{ sku: `LAYOUT-FILL-${i}`, name: 'One size', amount: 500 * i }] });
  const customer = await testApp.clientAs('CUSTOMER');
  customerToken = customer.authorization.replace(/^Bearer /, '');

  shippedId = await draftOrder(customer.client, [{ variantId: product.variantId('LAYOUT-EXTRA-LONG-SKU-0001'), quantity: 2 }]);
  await checkout(customer.client, shippedId, 'tok_visa', `layout-${shippedId}`);
  expect((await settledOrder(customer.client, shippedId)).status).toBe('PLACED');
  const shipment = await createShipment(testApp.client, shippedId, [{ variantId: product.variantId('LAYOUT-EXTRA-LONG-SKU-0001'), quantity: 2 }], 'DHL Paket International');
  await shipShipment(testApp.client, shipment.id, 'JJD000390012345678901');

  // The current order: a draft with items, so the catalog shows the checkout form with its long card labels.
  draftId = await draftOrder(customer.client, [
    { variantId: product.variantId('LAYOUT-EXTRA-LONG-SKU-0001'), quantity: 3 },
    { variantId: product.variantId('LAYOUT-2'), quantity: 1 },
  ]);
}, 300_000);

afterAll(async () => {
  await stopWebApp?.();
});

async function openPage(viewport: { width: number; height: number }, pathname: string, signedIn: boolean): Promise<Page> {
  const origin = testApp.app.url;
  const localStorage = signedIn
    ? [
        { name: 'ordercast.session', value: JSON.stringify({ token: customerToken }) },
        { name: 'ordercast.currentOrderId', value: draftId },
      ]
    : [];
  const context = await browser.newContext({ locale: 'en-US', viewport, storageState: { cookies: [], origins: [{ origin, localStorage }] } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${origin}${pathname}`);
  return page;
}

interface Offender {
  what: string;
  left: number;
  right: number;
}

/** Elements that reach past the viewport's left or right edge, and how wide the document is. */
function sidewaysOverflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.className && typeof element.className === 'string' ? `.${element.className.trim().replace(/\s+/g, '.')}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    const offenders: Offender[] = [];
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) offenders.push({ what: describe(element), left: Math.round(box.left), right: Math.round(box.right) });
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, offenders };
  });
}

/** Descendants of each element matching `selector` that stick out of it on the right or left (clipped or spilling). */
function overflowWithin(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const result: { container: string; what: string; by: number }[] = [];
    for (const container of Array.from(document.querySelectorAll(selector))) {
      const outer = container.getBoundingClientRect();
      for (const element of Array.from(container.querySelectorAll('*'))) {
        const box = element.getBoundingClientRect();
        if (box.width === 0) continue;
        const by = Math.max(box.right - outer.right, outer.left - box.left);
        if (by > 0.5) result.push({ container: selector, what: `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`, by: Math.round(by) });
      }
    }
    return result;
  }, selector);
}

async function expectNoSidewaysOverflow(page: Page) {
  const { scrollWidth, innerWidth, offenders } = await sidewaysOverflow(page);
  expect(offenders).toEqual([]);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Fully inside the viewport horizontally, and not clipped by an ancestor. */
async function expectFullyVisible(page: Page, locator: ReturnType<Page['getByRole']>) {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  const innerWidth = await page.evaluate(() => window.innerWidth);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(innerWidth);
}

const PAGES = [
  {
    name: 'catalog, signed in with a draft being checked out',
    path: '/',
    signedIn: true,
    ready: (page: Page) => page.getByRole('button', { name: 'Check out' }).waitFor(),
  },
  {
    name: 'catalog, visitor',
    path: '/',
    signedIn: false,
    ready: (page: Page) => page.getByRole('heading', { name: 'Hand-thrown stoneware serving bowl with a reactive glaze' }).waitFor(),
  },
  {
    name: 'order page of a shipped order',
    path: () => `/orders/${shippedId}`,
    signedIn: true,
    ready: (page: Page) => page.getByTestId('tracking-number').waitFor(),
  },
  {
    name: 'orders list',
    path: '/orders',
    signedIn: true,
    ready: (page: Page) => page.getByRole('link', { name: /^Open order / }).nth(1).waitFor(),
  },
  { name: 'sign-in', path: '/sign-in', signedIn: false, ready: (page: Page) => page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor() },
  { name: 'sign-up', path: '/sign-up', signedIn: false, ready: (page: Page) => page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor() },
  { name: 'not found', path: '/no/such/page', signedIn: false, ready: (page: Page) => page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor() },
  {
    name: 'order page of an unknown order',
    path: '/orders/00000000-0000-4000-8000-000000000000',
    signedIn: true,
    ready: (page: Page) => page.getByRole('alert').waitFor(),
  },
];

describe('storefront layout', { timeout: 60_000 }, () => {
  for (const viewport of VIEWPORTS) {
    for (const target of PAGES) {
      it(`${target.name} fits a ${viewport.width} px ${viewport.name} screen without scrolling sideways`, async () => {
        const page = await openPage(viewport, typeof target.path === 'function' ? target.path() : target.path, target.signedIn);
        await target.ready(page);
        await expectNoSidewaysOverflow(page);
        // The account links and the sign-out button are on screen, not cut off.
        const account = page.getByRole('group', { name: 'Account' });
        for (const control of target.signedIn ? [account.getByRole('button', { name: 'Sign out' })] : [account.getByRole('link', { name: 'Sign in' }), account.getByRole('link', { name: 'Create account' })]) {
          await expectFullyVisible(page, control);
        }
        if (target.path === '/') {
          for (const button of await page.getByRole('button', { name: /^Add .* to order$/ }).all()) await expectFullyVisible(page, button);
          expect(await overflowWithin(page, '.product-card')).toEqual([]);
        }
        expect(await overflowWithin(page, '.order-panel')).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('keeps the order in reach on a phone: a summary bar at the top jumps to the order panel', async () => {
    const page = await openPage(VIEWPORTS[0], '/', true);
    const bar = page.getByRole('region', { name: 'Order summary' });
    await bar.getByText('Your order: 4 items · €3,713.58').waitFor();
    const barBox = (await bar.boundingBox())!;
    expect(barBox.y + barBox.height).toBeLessThanOrEqual(VIEWPORTS[0].height);

    // The panel starts below the catalog, out of sight; the bar brings it into view.
    const panel = page.getByRole('region', { name: 'Your order' });
    expect((await panel.boundingBox())!.y).toBeGreaterThan(VIEWPORTS[0].height);
    await bar.getByRole('button', { name: 'View order' }).click();
    await expect.poll(async () => (await panel.boundingBox())!.y).toBeLessThan(VIEWPORTS[0].height / 2);
    await page.context().close();

    // Beside the catalog on a laptop: no bar needed.
    const wide = await openPage(VIEWPORTS[1], '/', true);
    await wide.getByRole('region', { name: 'Your order' }).getByTestId('order-total').waitFor();
    expect(await wide.getByRole('region', { name: 'Order summary' }).isVisible()).toBe(false);
    await wide.context().close();
  });

  it('shows orders as cards on a phone and as a table on a laptop', async () => {
    const page = await openPage(VIEWPORTS[0], '/orders', true);
    const link = page.getByRole('link', { name: `Open order ${shippedId.slice(0, 8)}` });
    await link.waitFor();
    // Each cell is a labelled line of the card.
    const card = page.locator('.orders-table tbody tr').filter({ has: link });
    expect(await card.innerText()).toMatch(/Status\s+Shipped/);
    expect(await card.innerText()).toMatch(/Total\s+€2,469\.12/);
    expect(await page.locator('.orders-table thead').isVisible()).toBe(true); // there for screen readers, clipped to 1 px
    expect((await page.locator('.orders-table thead').boundingBox())!.width).toBeLessThanOrEqual(1);
    await page.context().close();

    const wide = await openPage(VIEWPORTS[1], '/orders', true);
    await wide.getByRole('columnheader', { name: 'Status' }).waitFor();
    expect((await wide.getByRole('columnheader', { name: 'Status' }).boundingBox())!.width).toBeGreaterThan(10);
    await wide.context().close();
  });
});
