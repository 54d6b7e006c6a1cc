import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import type { TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

const SESSION_KEY = 'ordercast.session';
const CHANGE_QUANTITY = 'mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { version } }';

async function openSignedIn(pathname: string, authorization: string): Promise<{ page: Page; pageErrors: string[] }> {
  const token = authorization.replace(/^Bearer /, '');
  const context = await browser.newContext({
    locale: 'en-US',
    storageState: { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return { page, pageErrors };
}

describe('live views across a server restart', { timeout: 120_000 }, () => {
  it('shows Reconnecting… while the server is down, and a change made right after it is back', async () => {
    const { variantId } = await createProduct(testApp.client, { name: 'Restart lamp', variants: [{ sku: 'LAMP-1', amount: 2500 }] });
    const customer = await testApp.clientAs('CUSTOMER');
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const orderId = createOrder.id;
    await customer.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: orderId, v: variantId('LAMP-1') });

    const { page, pageErrors } = await openSignedIn(`/orders/${orderId}`, customer.authorization);
    const panel = page.getByRole('region', { name: /^Order / });
    await panel.getByTestId('order-version').filter({ hasText: '2' }).waitFor();
    await panel.getByText('Listening for changes made elsewhere').waitFor();
    await testApp.listening(ORDER_UPDATED, orderId);

    await testApp.restart(async () => {
      await panel.getByText('Reconnecting…').waitFor();
    });
    // Back: the moment /health answers, the order changes. The page's socket is most likely
    // still waiting to retry, so no push can carry this change: the page must read the order again.
    const health = await fetch(`${testApp.app.url}/health`);
    expect(health.status).toBe(200);
    await customer.client.data(CHANGE_QUANTITY, { o: orderId, v: variantId('LAMP-1'), q: 3 });

    await panel.getByTestId('order-version').filter({ hasText: '3' }).waitFor();
    await panel.getByTestId('order-total').filter({ hasText: '€75.00' }).waitFor();
    await panel.getByText('Reconnecting…').waitFor({ state: 'detached' });

    // And the subscription is back: the next change is pushed.
    await testApp.listening(ORDER_UPDATED, orderId);
    await customer.client.data(CHANGE_QUANTITY, { o: orderId, v: variantId('LAMP-1'), q: 4 });
    await panel.getByText('Live: received version 4').waitFor();
    await panel.getByTestId('order-total').filter({ hasText: '€100.00' }).waitFor();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('reads the orders list again after a restart: an order placed the moment the server is back shows', async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    await customer.client.data('mutation { createOrder { id } }');
    const { page, pageErrors } = await openSignedIn('/orders', customer.authorization);
    const rows = page.getByRole('link', { name: /^Open order / });
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(1);
    await page.getByText('Live: new orders and changes appear by themselves.').waitFor();

    await testApp.restart(async () => {
      await page.getByText('Reconnecting…').waitFor();
    });
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    await page.getByRole('link', { name: `Open order ${createOrder.id.slice(0, 8)}` }).waitFor();
    await page.getByText('Live: new orders and changes appear by themselves.').waitFor();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
