import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestApp } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';
import { startWebTestApp } from '../support/web-test-app';
import { SIGN_IN, signUp } from '../accounts/account-operations';

let stopWebApp: (() => Promise<void>) | undefined;
let testApp: TestApp;
let browser: Browser;
let pageErrors: string[] = [];

beforeAll(async () => {
  ({ testApp, browser, stop: stopWebApp } = await startWebTestApp());
}, 180_000);
afterAll(() => stopWebApp?.());
afterEach(() => {
  expect(pageErrors).toEqual([]);
  pageErrors = [];
});

async function openPage(pathname: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

const signInCode = async (email: string, password: string) => (await testApp.anonymous.request(SIGN_IN, { shop: 'demo', email, password })).errors?.[0]?.extensions?.code ?? 'OK';

describe('password pages', { timeout: 120_000 }, () => {
  it('resets a forgotten password: sign-in page → reset mail → the link → a new password', async () => {
    await signUp(testApp.anonymous, { email: 'web.forgot@example.com', password: 'old web passphrase' });
    const page = await openPage('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('web.forgot@example.com');
    await page.getByRole('button', { name: 'Send a reset link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('If an account with web.forgot@example.com exists');

    const body = await vi.waitFor(async () => {
      const mail = await testApp.database.db('notifications').where({ kind: 'PASSWORD_RESET', recipient: 'web.forgot@example.com' }).first('body');
      expect(mail).toBeDefined();
      return mail.body as string;
    }, { timeout: EVENTUALLY_MS, interval: 50 });
    const link = /(\/reset-password#token=\S+?) /.exec(body)![1]!;

    await page.goto(`${testApp.app.url}${link}`);
    await page.getByLabel('New password', { exact: true }).fill('new web passphrase');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password is changed');
    expect(await signInCode('web.forgot@example.com', 'new web passphrase')).toBe('OK');
    expect(await signInCode('web.forgot@example.com', 'old web passphrase')).toBe('UNAUTHENTICATED');
    await page.context().close();
  });

  it('changes the password of the signed-in account and stays signed in', async () => {
    await signUp(testApp.anonymous, { email: 'web.change@example.com', password: 'old web passphrase', name: 'Wen' });
    const page = await openPage('/sign-in');
    await page.getByLabel('Email').fill('web.change@example.com');
    await page.getByLabel('Password').fill('old web passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('group', { name: 'Account' }).getByRole('link', { name: 'Password' }).click();

    await page.getByLabel('Current password').fill('a wrong guess');
    await page.getByLabel('New password').fill('new web passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/current password/i);

    await page.getByLabel('Current password').fill('old web passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password is changed');
    expect(await signInCode('web.change@example.com', 'new web passphrase')).toBe('OK');
    // The page's new session works: the account menu still shows who is signed in after a reload.
    await page.reload();
    await expect.poll(() => page.getByRole('group', { name: 'Account' }).textContent()).toContain('Wen');
    await page.context().close();
  });
});
