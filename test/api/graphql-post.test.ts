import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { DEFAULT_API_LIMITS } from '../../server/src/graphql/limits';

/**
 * `POST /graphql` with a plain JSON body is answered without Express (server/src/graphql/graphql-post.ts);
 * every other request to /graphql still goes through it. Both must answer alike.
 */
let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const QUERY = { query: '{ __typename }' };
const SHOP = { data: { __typename: 'Query' } };

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A POST written as given (chunks sent one by one; chunked transfer when no content-length is set). */
function rawPost(path: string, headers: Record<string, string | number>, chunks: (string | Buffer)[]): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${testApp.app.url}${path}`, { method: 'POST', headers: { 'x-shop': 'demo', ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

const json = (body: unknown) => JSON.stringify(body);
/** The headers every route sends, whatever answered it. */
const SECURITY_HEADERS = ['content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'referrer-policy', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

describe('POST /graphql without Express', () => {
  it('sends the same security and CORS headers as the routes Express answers', async () => {
    const origin = 'http://localhost:5173';
    const post = await rawPost('/graphql', { 'content-type': 'application/json', origin }, [json(QUERY)]);
    const viaExpress = await rawPost('/graphql?via=express', { 'content-type': 'application/json', origin }, [json(QUERY)]);
    expect(JSON.parse(post.text)).toEqual(SHOP);
    expect(JSON.parse(viaExpress.text)).toEqual(SHOP);
    for (const name of [...SECURITY_HEADERS, 'access-control-allow-origin', 'access-control-expose-headers', 'vary', 'content-type']) {
      expect(post.headers[name], name).toBeDefined();
      expect(post.headers[name], name).toEqual(viaExpress.headers[name]);
    }
    expect(post.headers['x-powered-by']).toBeUndefined();
    expect(viaExpress.headers['x-powered-by']).toBeUndefined();
    expect(Number(post.headers['content-length'])).toBe(Buffer.byteLength(post.text));
  });

  it('tells every GraphQL answer not to be stored, on both paths, errors included', async () => {
    const post = await rawPost('/graphql', { 'content-type': 'application/json' }, [json(QUERY)]);
    const viaExpress = await rawPost('/graphql?via=express', { 'content-type': 'application/json' }, [json(QUERY)]);
    const get = await fetch(`${testApp.app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true', 'x-shop': 'demo' } });
    const refused = await rawPost('/graphql', { 'content-type': 'application/json' }, [json({ query: '{ nope }' })]);
    expect(refused.status).toBe(400);
    for (const answer of [post.headers['cache-control'], viaExpress.headers['cache-control'], get.headers.get('cache-control'), refused.headers['cache-control']]) {
      expect(answer).toBe('no-store');
    }
  });

  it('reads a body sent in chunks, with a charset, or with a byte order mark', async () => {
    const text = json(QUERY);
    const chunked = await rawPost('/graphql', { 'content-type': 'application/json' }, [text.slice(0, 5), text.slice(5, 12), text.slice(12)]);
    expect(chunked.headers['content-length']).toBeDefined();
    expect(JSON.parse(chunked.text)).toEqual(SHOP);
    const charset = await rawPost('/graphql', { 'content-type': 'Application/JSON; charset=UTF-8' }, [text]);
    expect(JSON.parse(charset.text)).toEqual(SHOP);
    const bom = await rawPost('/graphql', { 'content-type': 'application/json' }, [`\uFEFF${text}`]);
    expect(JSON.parse(bom.text)).toEqual(SHOP);
  });

  it('refuses a body over the limit sent without a length (counted while read) with 413 in JSON', async () => {
    const padding = 'x'.repeat(16 * 1024);
    const chunks = [`{"query": "{ shop { slug } }", "variables": {"p": "`, ...Array.from({ length: Math.ceil(DEFAULT_API_LIMITS.maxBodyBytes / padding.length) + 1 }, () => padding), '"}}'];
    const answer = await rawPost('/graphql', { 'content-type': 'application/json' }, chunks);
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: DEFAULT_API_LIMITS.maxBodyBytes });
    expect(answer.headers['content-security-policy']).toBeDefined();
  });

  it('refuses JSON that is not an object or an array, as body-parser does, and an empty body as Apollo does', async () => {
    for (const body of ['"{ shop { slug } }"', '42', 'null']) {
      const answer = await rawPost('/graphql', { 'content-type': 'application/json' }, [body]);
      expect(answer.status, body).toBe(400);
      expect(JSON.parse(answer.text).errors[0].extensions.code, body).toBe('BAD_REQUEST');
    }
    const empty = await rawPost('/graphql', { 'content-type': 'application/json', 'content-length': 0 }, []);
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(/POST body missing/);
  });

  it('leaves compressed bodies and other charsets to Express, which still reads them', async () => {
    const gzipped = await rawPost('/graphql', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, [gzipSync(json(QUERY))]);
    expect(JSON.parse(gzipped.text)).toEqual(SHOP);
    const utf16 = await rawPost('/graphql', { 'content-type': 'application/json; charset=utf-16le' }, [Buffer.from(json(QUERY), 'utf16le')]);
    expect(JSON.parse(utf16.text)).toEqual(SHOP);
  });

  it('answers a token that does not sign in with 401 and UNAUTHENTICATED, as through Express', async () => {
    const answer = await rawPost('/graphql', { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, [json(QUERY)]);
    const viaExpress = await rawPost('/graphql?via=express', { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, [json(QUERY)]);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(viaExpress.status).toBe(answer.status);
    expect(JSON.parse(viaExpress.text)).toEqual(JSON.parse(answer.text));
  });
});
