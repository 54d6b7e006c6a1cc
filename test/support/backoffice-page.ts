import type { Browser, Page } from 'playwright-core';
import type { TestApp } from './app';

/** Where the web app keeps its token (see web/src/auth/session.ts). */
const SESSION_KEY = 'ordercast.session';

export const tokenOf = (authorization: string) => authorization.replace(/^Bearer /, '');

/**
 * A page of the web app signed in with `authorization` (as if signed in earlier), opened at
 * `pathname`; uncaught page errors land in `pageErrors`.
 */
export async function openSignedIn(
  browser: Browser,
  testApp: TestApp,
  pathname: string,
  authorization: string | null,
  options: { pageErrors: string[]; width?: number; height?: number },
): Promise<Page> {
  const token = authorization ? tokenOf(authorization) : null;
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    storageState: token ? { cookies: [], origins: [{ origin: testApp.app.url, localStorage: [{ name: SESSION_KEY, value: JSON.stringify({ token }) }] }] } : undefined,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => options.pageErrors.push(error.message));
  await page.goto(`${testApp.app.url}${pathname}`);
  return page;
}

/**
 * How far the back-office screen shown (`.bo-screen`) reaches past the viewport's right edge or
 * scrolls sideways itself (0: it fits). The site header is measured apart: it is not a screen's.
 */
export const screenOverflow = (page: Page) =>
  page.evaluate(() => {
    const screen = document.querySelector('.bo-screen');
    if (!screen) throw new Error('no back-office screen on the page');
    const viewport = document.documentElement.clientWidth;
    const reach = Math.max(screen.getBoundingClientRect().right, ...[...screen.querySelectorAll('*')].filter((e) => !e.closest('.bo-table-wrap, .bo-chart')).map((e) => e.getBoundingClientRect().right));
    return Math.max(0, Math.ceil(reach - viewport), screen.scrollWidth - screen.clientWidth);
  });
