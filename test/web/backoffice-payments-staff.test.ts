import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app';
import { openSignedIn, screenOverflow } from '../support/backoffice-page';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { startWebTestApp } from '../support/web-test-app';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
  // Two declined checkouts with different codes and one that goes through.
  const { variantId } = await stockedProduct(testApp.client, 'PAY-WH', { 'PAYWEB-1': { amount: 1800, stock: 20 } });
  let n = 0;
  for (const token of ['tok_decline_insufficient_funds', 'tok_decline_do_not_honor', 'tok_visa']) {
    const orderId = await draftOrder(testApp.client, [{ variantId: variantId('PAYWEB-1'), quantity: 1 }]);
    await checkout(testApp.client, orderId, token, `payweb-${n++}`);
    await settledOrder(testApp.client, orderId);
  }
}, 180_000);

afterAll(async () => {
  await stopWebApp?.();
});

async function openAs(role: 'STAFF' | 'ADMIN', pathname: string, width?: number): Promise<Page> {
  const authorization = role === 'ADMIN' ? testApp.adminAuthorization : (await testApp.clientAs('STAFF')).authorization;
  return openSignedIn(browser, testApp, pathname, authorization, { pageErrors, width });
}

const today = () => new Date().toISOString().slice(0, 10);

describe('back office: payments', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('draws the decline report as a chart by day with its table beside it', async () => {
    const page = await openAs('STAFF', '/admin/payments');
    expect(await page.title()).toContain('Payments');
    const table = page.getByRole('table', { name: 'Declines by day, code and bank' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'insufficient_funds' }).textContent()).toContain(today());
    expect(await rows.filter({ hasText: 'do_not_honor' }).textContent()).toContain('€18.00');
    expect(await table.locator('tfoot').textContent()).toContain('2');

    const chart = page.getByRole('figure', { name: 'Declines per day by decline code' });
    await chart.locator('svg.recharts-surface').first().waitFor();
    // One bar segment per decline code on today's column.
    await chart.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').nth(1).waitFor();
    await chart.getByText('insufficient_funds').waitFor();

    await page.getByLabel('Stack bars by').selectOption('bank');
    await page.getByRole('figure', { name: 'Declines per day by bank' }).locator('svg.recharts-surface').first().waitFor();

    // A range without declines says so instead of drawing an empty chart.
    await page.getByRole('form', { name: 'Decline report range' }).getByLabel('From (UTC)').fill('2020-01-01');
    await page.getByRole('form', { name: 'Decline report range' }).getByLabel('to', { exact: true }).fill('2020-01-31');
    await page.getByText('No declines between 2020-01-01 and 2020-01-31.').waitFor();
    await page.context().close();
  });

  it('lists payments and filters them by status and creation day', async () => {
    const page = await openAs('STAFF', '/admin/payments');
    const payments = page.getByRole('table', { name: 'Payments' });
    await payments.locator('tbody tr').nth(2).waitFor();
    expect(await payments.locator('tbody tr').count()).toBe(3);

    const filters = page.getByRole('form', { name: 'Filter payments' });
    await filters.getByLabel('Status').selectOption('DECLINED');
    // The filtered list replaces the whole one: two rows, both declined.
    await vi.waitFor(
      async () => {
        expect(await payments.locator('tbody tr').count()).toBe(2);
        expect(await payments.locator('tbody tr[data-status="DECLINED"]').count()).toBe(2);
      },
      { timeout: 20_000, interval: 50 },
    );

    await filters.getByLabel('Created from (UTC)').fill(today());
    await filters.getByLabel('to', { exact: true }).fill(today());
    await payments.locator('tbody tr').nth(1).waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await filters.getByLabel('to', { exact: true }).fill(tomorrow);
    await filters.getByLabel('Created from (UTC)').fill(tomorrow);
    await page.getByText('No payments match.').waitFor();
    await page.context().close();
  });

  it('fits a 390 px wide phone without sideways scrolling', async () => {
    const page = await openAs('STAFF', '/admin/payments', 390);
    await page.getByRole('figure', { name: /Declines per day/ }).locator('svg.recharts-surface').first().waitFor();
    await page.getByRole('table', { name: 'Payments' }).waitFor();
    expect(await screenOverflow(page)).toBe(0);
    await page.context().close();
  });
});

describe('back office: staff accounts', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('lets an admin create a staff account that can sign in, and shows refusals in words', async () => {
    const page = await openAs('ADMIN', '/admin/staff');
    expect(await page.title()).toContain('Staff accounts');
    const form = page.getByRole('form', { name: 'New staff account' });
    await form.getByLabel('Name').fill('Sam Porter');
    await form.getByLabel('Email').fill('sam.porter@example.com');
    await form.getByLabel('First password').fill('a long passphrase');
    await form.getByLabel('Role').selectOption('STAFF');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').filter({ hasText: 'Sam Porter (sam.porter@example.com) can sign in now as staff.' }).waitFor();
    const row = page.getByRole('table', { name: 'Staff accounts' }).locator('tr[data-email="sam.porter@example.com"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('Staff');

    const { signIn } = await testApp.anonymous.data<any>('mutation { signIn(shop: "demo", email: "sam.porter@example.com", password: "a long passphrase") { user { role name } } }');
    expect(signIn.user).toEqual({ role: 'STAFF', name: 'Sam Porter' });

    await form.getByLabel('Name').fill('Sam Again');
    await form.getByLabel('Email').fill('sam.porter@example.com');
    await form.getByLabel('First password').fill('another passphrase');
    await form.getByRole('button', { name: 'Create account' }).click();
    let alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('CONFLICT');

    await form.getByLabel('Email').fill('short.pw@example.com');
    await form.getByLabel('First password').fill('short');
    await form.getByRole('button', { name: 'Create account' }).click();
    alert = page.getByRole('alert').and(page.locator('[data-code="BAD_USER_INPUT"]'));
    await alert.waitFor();
    expect(await alert.textContent()).toContain('8');
    await page.context().close();
  });

  it('hides the catalog editor and staff accounts from STAFF: no links, and "Not available" on their URLs', async () => {
    const page = await openAs('STAFF', '/admin/payments');
    const nav = page.getByRole('navigation', { name: 'Back office' });
    await nav.getByRole('link', { name: 'Payments' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Inventory' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Catalog editor' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Staff' }).count()).toBe(0);

    for (const pathname of ['/admin/catalog', '/admin/staff']) {
      await page.goto(`${testApp.app.url}${pathname}`);
      await page.getByRole('heading', { name: 'Not available' }).waitFor();
      expect(await page.getByRole('form', { name: /New (product|staff account)/ }).count()).toBe(0);
    }
    await page.context().close();
  });

  it('fits a 390 px wide phone without sideways scrolling', async () => {
    await testApp.client.data('mutation { createStaffAccount(email: "a.rather.long.address.for.a.phone@example.com", password: "a long passphrase", name: "Phone Width", role: ADMIN) { id } }');
    const page = await openAs('ADMIN', '/admin/staff', 390);
    await page.getByRole('table', { name: 'Staff accounts' }).waitFor();
    expect(await screenOverflow(page)).toBe(0);
    await page.context().close();
  });
});
