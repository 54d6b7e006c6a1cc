import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/config';
import { startTestApp, type TestApp } from '../support/app';

/** What Chromium sends when the address bar opens a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const GRAPHIQL_MARK = '<div id="graphiql"></div>';

let distDir: string;
let testApp: TestApp;
/** The same API with GRAPHIQL off (as in production by default), on the same database. */
let withoutGraphiql: TestApp;

beforeAll(async () => {
  // A stand-in for Vite's output: these tests are about routing, not the bundle (test/web/graphiql.test.ts opens the real one).
  distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-fake-dist-'));
  fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(distDir, 'graphiql.html'), `<!doctype html><title>GraphiQL</title>${GRAPHIQL_MARK}`);
  testApp = await startTestApp({ webDistDir: distDir });
  withoutGraphiql = await startTestApp({ webDistDir: distDir, database: testApp.database, graphiql: false });
});

afterAll(async () => {
  await withoutGraphiql?.stop();
  await testApp?.stop();
  fs.rmSync(distDir, { recursive: true, force: true });
});

const get = (app: TestApp, pathAndQuery: string, headers: Record<string, string>) => fetch(`${app.app.url}${pathAndQuery}`, { headers });

describe('GET /graphql', () => {
  it('gives a browser GraphiQL, revalidated on every visit', async () => {
    const response = await get(testApp, '/graphql', { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(await response.text()).toContain(GRAPHIQL_MARK);
  });

  it('gives a browser GraphiQL for a link with a query too', async () => {
    const response = await get(testApp, `/graphql?query=${encodeURIComponent('{ products { edges { cursor } } }')}`, { accept: BROWSER_ACCEPT });
    expect(await response.text()).toContain(GRAPHIQL_MARK);
  });

  it('stays the GraphQL endpoint for clients asking for JSON or for anything', async () => {
    const query = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    for (const accept of ['application/json', 'application/graphql-response+json', '*/*']) {
      const response = await get(testApp, query, { accept, 'apollo-require-preflight': 'true', 'x-shop': 'demo' });
      expect(response.headers.get('content-type'), accept).toMatch(/json/);
      expect(response.headers.get('vary'), accept).toMatch(/\bAccept\b/);
      expect(await response.json(), accept).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('keeps refusing a browser-simple GET operation (CSRF prevention) rather than serving HTML to it', async () => {
    const response = await get(testApp, `/graphql?query=${encodeURIComponent('{ __typename }')}`, {});
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain(GRAPHIQL_MARK);
  });

  it('answers POST as before', async () => {
    expect(await testApp.client.data('{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('is only the GraphQL endpoint when GraphiQL is switched off', async () => {
    const response = await get(withoutGraphiql, '/graphql', { accept: BROWSER_ACCEPT });
    expect(await response.text()).not.toContain(GRAPHIQL_MARK);
    expect(response.headers.get('content-type')).not.toMatch(/^text\/html/);
    expect(await withoutGraphiql.client.data('{ __typename }')).toEqual({ __typename: 'Query' });
  });

  it('never serves the GraphiQL page under its file name, where the switch would not apply', async () => {
    const response = await get(withoutGraphiql, '/graphiql.html', { accept: BROWSER_ACCEPT });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(GRAPHIQL_MARK);
  });
});

describe('GRAPHIQL setting', () => {
  it('is on outside production, off in production unless GRAPHIQL turns it on', () => {
    expect(loadConfig({}).graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHIQL: 'true' }).graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'false' }).graphiql).toBe(false);
  });
});
