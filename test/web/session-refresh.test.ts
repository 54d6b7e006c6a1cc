import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { Role } from '../../server/src/auth/roles';
import { TokenService } from '../../server/src/auth/tokens';
import { TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockUp } from '../support/checkout-fixtures';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { startWebTestApp } from '../support/web-test-app';

/** Access tokens live 4 seconds here: the page renews them (at four fifths of their life) while it is used. */
const ACCESS_TTL_SECONDS = 4;
const SESSION_KEY = 'ordercast.session';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];
/** The test's own admin, with a token of an hour: the app's are too short-lived to set things up with. */
let admin: HttpClient;

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp({ app: { tokenTtlSeconds: ACCESS_TTL_SECONDS } }));
  const { token } = await new TokenService(TEST_JWT_SECRET, 3600).issue({ userId: crypto.randomUUID(), shopId: 'demo', role: Role.ADMIN });
  admin = httpClient(testApp.app.url, { authorization: `Bearer ${token}` });
}, 120_000);
afterAll(async () => {
  await stopWebApp?.();
});

interface Stored {
  token: string;
  refreshToken?: string;
}

const stored = async (page: Page): Promise<Stored | null> => JSON.parse((await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)) ?? 'null') as Stored | null;
const expiryOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;
const accountMenu = (page: Page) => page.getByRole('group', { name: 'Account' });

/** A new customer signed in through the sign-in page, as a visitor would. */
async function signedInPage(email: string): Promise<Page> {
  await testApp.anonymous.data('mutation($email: String!) { signUp(shop: "demo", email: $email, password: "refresh passphrase", name: "Rita Refresh") { token } }', { email });
  return signInThroughPage(email, 'refresh passphrase', 'Rita Refresh');
}

async function signInThroughPage(email: string, password: string, name: string, pathname = '/sign-in'): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await accountMenu(page).getByText(name).waitFor();
  return page;
}

describe('the web app renews its session silently', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('keeps working past the access token’s expiry: new tokens in the background, live updates on a reconnected socket, no sign-in', async () => {
    const { variantId } = await createProduct(admin, { name: 'Refresh kettle', variants: [{ sku: 'KETTLE-1', name: 'Steel', amount: 3000 }] });
    await stockUp(admin, 'WEB-KETTLE', { 'KETTLE-1': 10 });
    const page = await signedInPage('rita.refresh@example.com');
    const first = (await stored(page))!;
    expect(first.refreshToken).toBeTruthy();

    const panel = page.getByRole('region', { name: 'Your order' });
    await page.getByRole('button', { name: 'Add Refresh kettle – Steel to order' }).click();
    await panel.getByTestId('order-total').filter({ hasText: '€30.00' }).waitFor();
    const orderId = (await page.evaluate(() => localStorage.getItem('ordercast.currentOrderId')))!;

    // Renewed twice: the second renewal comes after the first token expired.
    const seen = new Set([first.token]);
    await vi.waitFor(
      async () => {
        const now = await stored(page);
        if (now) seen.add(now.token);
        expect(seen.size).toBeGreaterThanOrEqual(3);
      },
      { timeout: 6 * ACCESS_TTL_SECONDS * 1000, interval: 200 },
    );
    const current = (await stored(page))!;
    expect(expiryOf(first.token)).toBeLessThan(Date.now());
    expect(current.refreshToken).not.toBe(first.refreshToken);
    // The first token is dead; the page's current one works.
    expect((await httpClient(testApp.app.url, { authorization: `Bearer ${first.token}` }).error('{ me { id } }')).code).toBe('UNAUTHENTICATED');
    expect((await httpClient(testApp.app.url, { authorization: `Bearer ${current.token}` }).data<{ me: { id: string } }>('{ me { id } }')).me.id).toBeTruthy();

    // The socket the first token opened was closed at its expiry; the page is back on a new one and sees a change made elsewhere.
    await testApp.listening(ORDER_UPDATED, orderId);
    await admin.data('mutation($orderId: ID!, $variantId: ID!) { changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: 2) { version } }', { orderId, variantId: variantId('KETTLE-1') });
    await panel.getByTestId('order-total').filter({ hasText: '€60.00' }).waitFor();

    // Still signed in, and a query made now answers.
    expect(new URL(page.url()).pathname).not.toBe('/sign-in');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    await page.getByRole('link', { name: /^Open order / }).first().waitFor();
    await accountMenu(page).getByText('Rita Refresh').waitFor();
    await page.context().close();
  });

  it('ends the session when it cannot be renewed: signed out everywhere, the page shows the sign-in form', async () => {
    const page = await signedInPage('rita.revoked@example.com');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Your orders' }).waitFor();
    const { token } = (await stored(page))!;
    await httpClient(testApp.app.url, { authorization: `Bearer ${token}` }).data('mutation { signOutEverywhere }');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Your session has ended');
    expect(await stored(page)).toBeNull();
    await page.context().close();
  });

  it('signing out ends the session on the server too: its refresh token stops working', async () => {
    const page = await signedInPage('rita.leaves@example.com');
    const { refreshToken } = (await stored(page))!;
    await accountMenu(page).getByRole('button', { name: 'Sign out' }).click();
    await accountMenu(page).getByRole('link', { name: 'Sign in' }).waitFor();
    await vi.waitFor(async () => {
      const answer = await testApp.anonymous.request('mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { token } }', { refreshToken });
      expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
    await page.context().close();
  });
});

describe('back office staff screen: Disable and Enable', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('an admin disables a staff account (it can no longer sign in) and enables it again; their own row has no button', async () => {
    const create = 'mutation($email: String!, $name: String!, $role: Role!) { createStaffAccount(email: $email, password: "staff passphrase", name: $name, role: $role) { id } }';
    await admin.data(create, { email: 'ada.admin@example.com', name: 'Ada Admin', role: 'ADMIN' });
    await admin.data(create, { email: 'sid.staff@example.com', name: 'Sid Staff', role: 'STAFF' });
    const staffSignIn = () => testApp.anonymous.request('mutation { signIn(shop: "demo", email: "sid.staff@example.com", password: "staff passphrase") { token } }');
    expect((await staffSignIn()).data?.signIn.token).toBeTruthy();

    const page = await signInThroughPage('ada.admin@example.com', 'staff passphrase', 'Ada Admin', '/admin/staff');
    const table = page.getByRole('table', { name: 'Staff accounts' });
    const sid = table.locator('tr[data-email="sid.staff@example.com"]');
    const ada = table.locator('tr[data-email="ada.admin@example.com"]');
    await sid.getByRole('button', { name: 'Disable' }).click();
    await sid.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Disable' }).click();
    await table.locator('tr[data-email="sid.staff@example.com"][data-disabled="true"]').waitFor();
    await sid.getByRole('button', { name: 'Enable Sid Staff' }).waitFor();
    expect(await sid.textContent()).toContain('Disabled');
    expect((await staffSignIn()).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await ada.getByRole('button').count()).toBe(0);
    expect(await ada.textContent()).toContain('You');

    await sid.getByRole('button', { name: 'Enable Sid Staff' }).click();
    await sid.getByRole('button', { name: 'Disable' }).waitFor();
    expect(await sid.textContent()).toContain('Active');
    expect((await staffSignIn()).data?.signIn.token).toBeTruthy();
    await page.context().close();
  });
});
