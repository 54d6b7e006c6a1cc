import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STOCK_LEVEL_CHANGED } from '../../server/src/inventory/events';
import type { TestApp } from '../support/app';
import { screenOverflow, openSignedIn } from '../support/backoffice-page';
import { stockedProduct } from '../support/checkout-fixtures';
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

async function openAsStaff(pathname = '/admin/inventory', width?: number): Promise<Page> {
  const staff = await testApp.clientAs('STAFF');
  return openSignedIn(browser, testApp, pathname, staff.authorization, { pageErrors, width });
}

const stockRow = (page: Page, sku: string) => page.locator(`tr[data-sku="${sku}"]`);
const cell = (page: Page, sku: string, field: string) => stockRow(page, sku).locator(`[data-field="${field}"]`);

describe('back office: inventory', { timeout: 120_000 }, () => {
  beforeEach(() => {
    pageErrors = [];
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('receives stock and shows the level change live, also for changes made elsewhere; low stock is marked', async () => {
    const { warehouseId } = await stockedProduct(testApp.client, 'INV-A', { 'INV-MUG': { amount: 1200, stock: 8 }, 'INV-PIN': { amount: 300, stock: 2 } });
    const page = await openAsStaff();
    expect(await page.title()).toContain('Inventory');

    await cell(page, 'INV-MUG', 'available').filter({ hasText: '8' }).waitFor();
    expect(await stockRow(page, 'INV-MUG').getAttribute('data-low-stock')).toBe('false');
    // 2 available is at or below the default threshold of 5.
    expect(await stockRow(page, 'INV-PIN').getAttribute('data-low-stock')).toBe('true');
    await page.getByText('Rows with 5 or fewer units available').waitFor();
    await testApp.listening(STOCK_LEVEL_CHANGED, 'INV-MUG');

    const form = page.getByRole('form', { name: 'Receive or adjust stock' });
    await form.getByLabel('SKU').fill('INV-MUG');
    await form.getByLabel('Warehouse').selectOption({ label: 'INV-A – Warehouse INV-A' });
    await form.getByLabel('Units received').fill('4');
    await form.getByRole('button', { name: 'Receive stock' }).click();
    await page.getByRole('status').filter({ hasText: 'Received 4 × INV-MUG into INV-A: 12 available in all.' }).waitFor();
    await cell(page, 'INV-MUG', 'available').filter({ hasText: '12' }).waitFor();
    expect(await cell(page, 'INV-MUG', 'onHand').textContent()).toBe('12');

    // Another member of staff books a count elsewhere: only the subscription can bring it here.
    await testApp.client.data('mutation($i: AdjustStockInput!) { adjustStock(input: $i) { sku } }', {
      i: { sku: 'INV-MUG', warehouseId, quantityChange: -9, reason: 'count' },
    });
    await cell(page, 'INV-MUG', 'available').filter({ hasText: /^3$/ }).waitFor();
    expect(await stockRow(page, 'INV-MUG').getAttribute('data-low-stock')).toBe('true');

    // The threshold is the user's: at 2, three units are no longer low.
    await page.getByLabel('Low stock at or below').fill('2');
    await page.locator('tr[data-sku="INV-MUG"][data-low-stock="false"]').waitFor();
    expect(await stockRow(page, 'INV-PIN').getAttribute('data-low-stock')).toBe('true');
    await page.context().close();
  });

  it('adjusts with a reason after confirming a removal, shows the movements, and shows a refusal in words', async () => {
    await stockedProduct(testApp.client, 'INV-B', { 'INV-LAMP': { amount: 4500, stock: 10 } });
    const page = await openAsStaff();
    await cell(page, 'INV-LAMP', 'available').filter({ hasText: '10' }).waitFor();
    await page.getByRole('button', { name: 'Movements of INV-LAMP' }).click();
    const movements = page.getByRole('table', { name: 'Movements of INV-LAMP' });
    await movements.getByRole('cell', { name: 'received' }).waitFor();

    const form = page.getByRole('form', { name: 'Receive or adjust stock' });
    expect(await form.getByLabel('SKU').inputValue()).toBe('INV-LAMP');
    await form.getByLabel('Adjust').check();
    await form.getByLabel('Warehouse').selectOption({ label: 'INV-B – Warehouse INV-B' });
    await form.getByLabel('Change (+ found, − lost)').fill('-3');
    await form.getByLabel('Reason').fill('damaged in transit');
    await form.getByRole('button', { name: 'Adjust stock' }).click();

    const confirm = page.getByRole('group', { name: 'Confirm' });
    expect(await confirm.textContent()).toContain('Remove 3 units of INV-LAMP from INV-B (damaged in transit)?');
    await confirm.getByRole('button', { name: 'Yes, remove' }).click();
    await cell(page, 'INV-LAMP', 'available').filter({ hasText: /^7$/ }).waitFor();
    await movements.getByRole('row').filter({ hasText: 'damaged in transit' }).filter({ hasText: 'adjusted' }).filter({ hasText: '-3' }).waitFor();

    // More than is on hand: the API refuses, and the screen says why.
    await form.getByLabel('Change (+ found, − lost)').fill('-50');
    await form.getByLabel('Reason').fill('lost');
    await form.getByRole('button', { name: 'Adjust stock' }).click();
    await page.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Yes, remove' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toMatch(/BAD_USER_INPUT|INVALID_STATE/);
    expect(await alert.textContent()).toContain('INV-LAMP');
    expect(await cell(page, 'INV-LAMP', 'available').textContent()).toBe('7');
    await page.context().close();
  });

  it('lists and creates warehouses and storage locations; a duplicate code is refused in words', async () => {
    const page = await openAsStaff();
    const warehouses = page.getByRole('table', { name: 'Warehouses' });
    const create = page.getByRole('form', { name: 'New warehouse' });
    await create.getByLabel('Code').fill('muc-1');
    await create.getByLabel('Name').fill('Munich');
    await create.getByRole('button', { name: 'Create warehouse' }).click();
    await warehouses.locator('tr[data-warehouse="MUC-1"]').filter({ hasText: 'Munich' }).waitFor();

    const location = page.getByRole('form', { name: 'New storage location' });
    await location.getByLabel('In warehouse').selectOption({ label: 'MUC-1' });
    await location.getByLabel('Code').fill('A-01');
    await location.getByLabel('Name').fill('Aisle A');
    await location.getByRole('button', { name: 'Add location' }).click();
    await warehouses.locator('tr[data-warehouse="MUC-1"]').filter({ hasText: 'A-01 (Aisle A)' }).waitFor();

    await create.getByLabel('Code').fill('MUC-1');
    await create.getByLabel('Name').fill('Munich again');
    await create.getByRole('button', { name: 'Create warehouse' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('CONFLICT');
    expect(await alert.textContent()).toContain('MUC-1');
    await page.context().close();
  });

  it('fits a 390 px wide phone without sideways scrolling', async () => {
    await stockedProduct(testApp.client, 'INV-PHONE', { 'INV-PHONE-SKU-WITH-A-LONG-NAME': { amount: 100, stock: 3 } });
    const page = await openAsStaff('/admin/inventory', 390);
    await stockRow(page, 'INV-PHONE-SKU-WITH-A-LONG-NAME').waitFor();
    await page.getByRole('button', { name: 'Movements of INV-PHONE-SKU-WITH-A-LONG-NAME' }).click();
    await page.getByRole('table', { name: 'Movements of INV-PHONE-SKU-WITH-A-LONG-NAME' }).waitFor();
    expect(await screenOverflow(page)).toBe(0);
    await page.context().close();
  });
});
