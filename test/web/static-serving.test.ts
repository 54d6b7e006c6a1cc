import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { buildWebApp } from '../support/browser';

let distDir: string;
let testApp: TestApp;

beforeAll(async () => {
  distDir = await buildWebApp();
  testApp = await startTestApp({ webDistDir: distDir });
}, 180_000);

afterAll(async () => {
  await testApp?.stop();
  if (distDir) fs.rmSync(distDir, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent, before any decoding. */
  body: Buffer;
}

/** A request with exactly these headers; unlike fetch, nothing is decompressed behind the test's back. */
function rawGet(pathname: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${testApp.app.url}${pathname}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

const decoded = (response: RawResponse) => {
  switch (response.headers['content-encoding']) {
    case 'br':
      return zlib.brotliDecompressSync(response.body).toString('utf8');
    case 'gzip':
      return zlib.gunzipSync(response.body).toString('utf8');
    default:
      return response.body.toString('utf8');
  }
};

/** The app's own script, as index.html names it (hashed by Vite). */
function appScript(): string {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const src = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('no script in index.html');
  return src;
}

describe('static serving of the web app', () => {
  it('serves hashed assets for a year, immutable, compressed with brotli or gzip', async () => {
    const script = appScript();
    const original = fs.readFileSync(path.join(distDir, script));

    const brotli = await rawGet(script, { 'accept-encoding': 'br, gzip' });
    expect(brotli.status).toBe(200);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.body.length).toBeLessThan(original.length / 2);
    expect(decoded(brotli)).toBe(original.toString('utf8'));

    const gzip = await rawGet(script, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(original.toString('utf8'));

    const plain = await rawGet(script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
  });

  it('serves index.html to be revalidated on every visit, at / and at every client-side route', async () => {
    for (const pathname of ['/', '/orders', '/orders/1a2b3c4d-0000-4000-8000-000000000000', '/admin/inventory', '/no/such/page']) {
      const response = await rawGet(pathname, { 'accept-encoding': 'gzip', accept: 'text/html' });
      expect(response.status, pathname).toBe(200);
      expect(response.headers['content-type'], pathname).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], pathname).toBe('no-cache');
      expect(decoded(response), pathname).toContain('<div id="root"></div>');
    }
  });

  it('answers a revalidation of an unchanged index.html with 304', async () => {
    const first = await rawGet('/');
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await rawGet('/', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('answers an unknown file under /assets/ with 404, not the app', async () => {
    for (const pathname of ['/assets/main-DoesNotExist.js', '/assets/nested/gone.css', '/assets/']) {
      const response = await rawGet(pathname, { accept: '*/*' });
      expect(response.status, pathname).toBe(404);
      expect(response.body.toString('utf8'), pathname).not.toContain('<div id="root">');
    }
  });

  it('serves a real icon at /favicon.ico, and the SVG one the pages link to', async () => {
    const ico = await rawGet('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    // ICONDIR: reserved 0, type 1 (icon).
    expect([...ico.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(ico.body.equals(fs.readFileSync(path.resolve('web/public/favicon.ico')))).toBe(true);

    const svg = await rawGet('/favicon.svg', { 'accept-encoding': 'gzip' });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(decoded(svg)).toContain('<svg');
    expect(fs.readFileSync(path.join(distDir, 'index.html'), 'utf8')).toContain('href="/favicon.svg"');
  });

  it('keeps /health and the GraphQL endpoint as they were', async () => {
    const health = await rawGet('/health');
    expect(JSON.parse(health.body.toString('utf8'))).toMatchObject({ status: 'ok' });
    expect(await testApp.client.data('{ __typename }')).toEqual({ __typename: 'Query' });
  });
});
