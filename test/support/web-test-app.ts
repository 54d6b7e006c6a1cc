import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from './app';
import { buildWebApp, launchChromium } from './browser';

export interface WebTestApp {
  testApp: TestApp;
  /** Undefined when started with `browser: false`. */
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * A browser test file's fixture: the production web bundle (`graphiql: true` adds GraphiQL's page)
 * served by a test app of its own, and a Chromium to drive it (`browser: false` for HTTP-only tests).
 */
export async function startWebTestApp(options: { graphiql?: boolean; browser?: boolean; /** Options of the test app (e.g. a short token lifetime). */ app?: Parameters<typeof startTestApp>[0] } = {}): Promise<WebTestApp> {
  const distDir = await buildWebApp({ graphiql: options.graphiql });
  const testApp = await startTestApp({ ...options.app, webDistDir: distDir });
  const browser = options.browser === false ? (undefined as unknown as Browser) : await launchChromium();
  return {
    testApp,
    browser,
    async stop() {
      await browser?.close();
      await testApp.stop();
      fs.rmSync(distDir, { recursive: true, force: true });
    },
  };
}
