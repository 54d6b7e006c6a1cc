import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../server/src/app/app';
import { createLogger } from '../../server/src/config/logger';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startWebTestApp } from '../support/web-test-app';

const QUERY = JSON.stringify({ query: '{ shop { slug } }' });

/** A POST of a small query from a browser page at `origin`. */
const postFrom = (baseUrl: string, origin: string) =>
  fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', origin, 'x-shop': 'demo' }, body: QUERY });

/** The preflight a browser sends before a cross-origin POST with a token. */
const preflightFrom = (baseUrl: string, origin: string) =>
  fetch(`${baseUrl}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

describe('outside production (the test default)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.stop());

  it('sends the content security policy, nosniff and no framing on the API and the other routes, and no HSTS', async () => {
    for (const response of [await postFrom(testApp.app.url, testApp.app.url), await fetch(`${testApp.app.url}/health`)]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toBeNull();
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('lets any origin call the API by default', async () => {
    const response = await postFrom(testApp.app.url, 'http://localhost:5173');
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });
});

describe('in production', () => {
  let database: TestDatabase;
  let closed: App;
  let listed: App;
  const start = (corsOrigins?: string[]) =>
    startApp({ databaseUrl: database.url, port: 0, jwtSecret: TEST_JWT_SECRET, logger: createLogger('silent'), production: true, corsOrigins, limits: { mutationRateLimit: 0 } });

  beforeAll(async () => {
    database = await createTestDatabase();
    closed = await start();
    listed = await start(['https://shop.example', 'https://admin.shop.example']);
  });
  afterAll(async () => {
    await closed?.stop();
    await listed?.stop();
    await database?.drop();
  });

  it('pins browsers to https with HSTS', async () => {
    const response = await fetch(`${closed.url}/health`);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  });

  it('is closed to every other origin by default: no Access-Control-Allow-Origin, on the call or its preflight', async () => {
    const call = await postFrom(closed.url, 'https://shop.example');
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await preflightFrom(closed.url, 'https://shop.example');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('opens to the listed origins only', async () => {
    const call = await postFrom(listed.url, 'https://admin.shop.example');
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe('https://admin.shop.example');
    const preflight = await preflightFrom(listed.url, 'https://shop.example');
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    for (const stranger of ['https://evil.example', 'https://shop.example.evil.example', 'null']) {
      expect((await postFrom(listed.url, stranger)).headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflightFrom(listed.url, stranger)).headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('the web app and GraphiQL under the content security policy', { timeout: 180_000 }, () => {
  let testApp: TestApp;
  let browser: Browser;
  let stopWebApp: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ testApp, browser, stop: stopWebApp } = await startWebTestApp({ graphiql: true }));
  }, 180_000);
  afterAll(() => stopWebApp?.());

  /** Opens `path` recording every violation the browser reports (blocked or not). */
  async function open(path: string): Promise<{ page: Page; violations: () => Promise<string[]>; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${testApp.app.url}${path}`);
    return { page, violations: () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), close: () => context.close() };
  }

  it('runs GraphiQL (its editors, their workers and a query) without a single violation', async () => {
    const { page, violations, close } = await open(`/graphql?query=${encodeURIComponent('{ shop { slug } }')}`);
    await expect.poll(async () => (await page.locator('.graphiql-query-editor').allTextContents()).join(''), { timeout: 60_000 }).toContain('shop');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await expect.poll(async () => (await page.locator('.result-window').allTextContents()).join(''), { timeout: 60_000 }).toMatch(/"data"/);
    expect(await violations()).toEqual([]);
    await close();
  });

  it('runs the storefront without a single violation', async () => {
    const { page, violations, close } = await open('/');
    await page.getByRole('searchbox', { name: 'Search products' }).waitFor();
    expect(await violations()).toEqual([]);
    await close();
  });

  it('reports a violation when a page breaks the policy: the check above can fail', async () => {
    const { page, violations, close } = await open('/');
    await page.getByRole('searchbox', { name: 'Search products' }).waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
    await close();
  });
});
