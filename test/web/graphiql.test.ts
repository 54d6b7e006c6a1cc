import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import type { TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp({ graphiql: true }));
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

/** Where the web app keeps its session (web/src/auth/session.ts): GraphiQL, on the same origin, reads the token from it. */
const SESSION_KEY = 'ordercast.session';
const tokenOf = (authorization: string) => authorization.replace(/^Bearer /, '');

interface GraphiqlPage {
  page: Page;
  context: BrowserContext;
  /** Every URL the page, its workers and its sockets asked for. */
  requested: string[];
}

/** GraphiQL as a browser opens it, signed in to the web app with `token` when given. */
async function openGraphiql(search: Record<string, string> = {}, token?: string): Promise<GraphiqlPage> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    storageState: token ? { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] } : undefined,
  });
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('websocket', (socket) => requested.push(socket.url()));
  const query = new URLSearchParams(search).toString();
  await page.goto(`${testApp.app.url}/graphql${query ? `?${query}` : ''}`);
  return { page, context, requested };
}

/** Monaco draws non-breaking spaces; the tests read plain text. */
const editorText = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).join('\n').replace(/\u00a0/g, ' ');

const responseText = (page: Page) => editorText(page, '.result-window');

/** The variables and headers editors below the operation. */
const editorToolsText = (page: Page) => editorText(page, '.graphiql-editor-tool');

async function waitForResponse(page: Page, pattern: RegExp) {
  await expect.poll(() => responseText(page), { timeout: 30_000, interval: 100 }).toMatch(pattern);
}

const executeButton = (page: Page) => page.getByRole('button', { name: /^Execute query/ });

/** Runs the operation once the editor holds it: before Monaco has loaded, the button would run nothing. */
async function runOnceLoaded(page: Page, operationText: string) {
  await expect.poll(() => editorText(page, '.graphiql-query-editor'), { timeout: 30_000 }).toContain(operationText);
  await executeButton(page).click();
}

describe('GraphiQL at /graphql', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('prefills the headers editor with the web app’s token, runs a query, and a subscription that receives a pushed change', async () => {
    const staff = await testApp.clientAs('STAFF');
    const customer = await testApp.clientAs('CUSTOMER');
    const { variantId } = await createProduct(testApp.client, { name: 'GraphiQL mug', variants: [{ sku: 'GQL-MUG', amount: 1500 }] });
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const orderId = createOrder.id;

    // A query, with the token from the web app's session in the headers.
    const asked = await openGraphiql({ query: `query Order($id: ID!) { order(id: $id) { id status version } }`, variables: JSON.stringify({ id: orderId }) }, tokenOf(staff.authorization));
    await expect.poll(() => editorToolsText(asked.page), { timeout: 30_000 }).toContain(`"Authorization": "Bearer ${tokenOf(staff.authorization)}"`);
    await runOnceLoaded(asked.page, 'order(id: $id)');
    await waitForResponse(asked.page, new RegExp(`"id": "${orderId}"[\\s\\S]*"status": "DRAFT"[\\s\\S]*"version": 1`));
    await asked.context.close();

    // A subscription over graphql-ws: a change made through the API is pushed into the response.
    const { page, context } = await openGraphiql(
      { query: `subscription Follow($id: ID!) { orderUpdated(orderId: $id) { id version items { sku quantity } } }`, variables: JSON.stringify({ id: orderId }) },
      tokenOf(staff.authorization),
    );
    await runOnceLoaded(page, 'orderUpdated(orderId: $id)');
    await testApp.listening(ORDER_UPDATED, orderId);
    await customer.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 2) { id } }', { o: orderId, v: variantId('GQL-MUG') });
    await waitForResponse(page, /"version": 2[\s\S]*"sku": "GQL-MUG"[\s\S]*"quantity": 2/);
    await context.close();
  });

  it('starts with an empty bearer for a visitor who is not signed in to the web app', async () => {
    const { page, context } = await openGraphiql();
    await expect.poll(() => editorToolsText(page), { timeout: 30_000 }).toContain('"Authorization": "Bearer "');
    await context.close();
  });

  it('requests nothing from another origin: page, editor workers, fonts, schema and socket are all its own', async () => {
    const customer = await testApp.clientAs('CUSTOMER');
    const { page, context, requested } = await openGraphiql({ query: 'subscription { orderUpdated(orderId: "00000000-0000-4000-8000-000000000000") { id } }' }, tokenOf(customer.authorization));
    // Everything a session touches: the schema (introspection over HTTP, for the docs), the
    // editors' workers, a query's round trip and a subscription's socket.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.getByText('Query', { exact: true }).first().waitFor();
    await runOnceLoaded(page, 'orderUpdated(orderId:');
    await waitForResponse(page, /NOT_FOUND|errors/);

    const origin = new URL(testApp.app.url);
    const offOrigin = requested.filter((url) => {
      const parsed = new URL(url);
      if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
      return parsed.host !== origin.host;
    });
    expect(requested.some((url) => url.startsWith('ws://'))).toBe(true);
    expect(requested.some((url) => /\/assets\/.*worker.*\.js$/.test(url))).toBe(true);
    expect(offOrigin).toEqual([]);
    await context.close();
  });
});
