import type { Browser } from 'playwright-core';
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

const CHANGE_QUANTITY = 'mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { version } }';

interface SubscribeMessage {
  type: string;
  payload?: { operationName?: string; variables?: { orderId?: string; after?: number | null } };
}

describe('the order page across a server restart', { timeout: 120_000 }, () => {
  it('resubscribes with after = the position of the last push it received, and shows the change made meanwhile', async () => {
    const { variantId } = await createProduct(testApp.client, { name: 'Resume lamp', variants: [{ sku: 'RESUME-LAMP', amount: 1000 }] });
    const customer = await testApp.clientAs('CUSTOMER');
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const orderId = createOrder.id;
    await customer.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: orderId, v: variantId('RESUME-LAMP') });

    const context = await browser.newContext({
      locale: 'en-US',
      storageState: {
        cookies: [],
        origins: [{ origin: testApp.app.url, localStorage: [{ name: 'ordercast.session', value: JSON.stringify({ token: customer.authorization.replace(/^Bearer /, '') }) }] }],
      },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // Every subscribe message the page sends, on every socket it opens.
    const subscribes: SubscribeMessage[] = [];
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as SubscribeMessage;
        if (message.type === 'subscribe' && message.payload?.operationName === 'OrderUpdated') subscribes.push(message);
      }),
    );
    await page.goto(`${testApp.app.url}/orders/${orderId}`);
    const panel = page.getByRole('region', { name: /^Order / });
    await panel.getByTestId('order-version').filter({ hasText: '2' }).waitFor();
    await testApp.listening(ORDER_UPDATED, orderId);
    // Frames are reported to the test as they come; the first subscribe carries no position yet.
    await expect.poll(() => subscribes.map((s) => s.payload?.variables?.after)).toEqual([null]);

    await customer.client.data(CHANGE_QUANTITY, { o: orderId, v: variantId('RESUME-LAMP'), q: 2 });
    await panel.getByText('Live: received version 3').waitFor();
    const { rows } = await testApp.app.db.raw<{ rows: { revision: string }[] }>("SELECT revision FROM read_model_change_heads WHERE tenant_id = 'demo' AND key = ?", [orderId]);
    const pushedPosition = Number(rows[0]!.revision);

    await testApp.restart(async () => {
      await panel.getByText('Reconnecting…').waitFor();
    });
    await customer.client.data(CHANGE_QUANTITY, { o: orderId, v: variantId('RESUME-LAMP'), q: 3 });
    await panel.getByTestId('order-total').filter({ hasText: '€30.00' }).waitFor();
    await expect.poll(() => subscribes.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // The same subscription, sent again on the new socket, asks for what came after its last push.
    expect(subscribes.at(-1)!.payload!.variables).toEqual({ orderId, after: pushedPosition });

    await testApp.listening(ORDER_UPDATED, orderId);
    await customer.client.data(CHANGE_QUANTITY, { o: orderId, v: variantId('RESUME-LAMP'), q: 4 });
    await panel.getByText('Live: received version 5').waitFor();
    await context.close();
  });
});
