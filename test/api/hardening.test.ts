import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct, ORDER_FIELDS, PRODUCT_FIELDS } from '../support/catalog-fixtures';
import type { GraphQLResponse } from '../support/graphql-client';
import { rawSocket } from '../support/raw-socket';
import { countEvents } from '../support/rejections';
import { DEFAULT_API_LIMITS } from '../../server/src/graphql/limits';

/** The production defaults (the test app only turns the mutation rate limit off). */
let standard: TestApp;
/** Small limits, to reach each one with a few requests. */
let strict: TestApp;
const STRICT_RATE_LIMIT = 3;

beforeAll(async () => {
  [standard, strict] = await Promise.all([
    startTestApp(),
    startTestApp({
      introspection: false,
      limits: {
        maxDepth: 3,
        maxComplexity: 10,
        maxAliases: 3,
        maxRootFields: 4,
        maxBatchSize: 2,
        maxWebSocketConnectionsPerClient: 2,
        maxOperationsPerWebSocket: 2,
        mutationRateLimit: STRICT_RATE_LIMIT,
        mutationRateWindowSeconds: 600,
      },
    }),
  ]);
  // Something in the log, so "nothing appended" compares against a non-empty one.
  await createProduct(standard.client, { variants: [{ sku: 'HARD-1', amount: 100 }] });
});
afterAll(() => Promise.all([standard?.stop(), strict?.stop()]));

/** A raw POST, signed in as the app's admin unless `headers` name another authorization. */
async function post(testApp: TestApp, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${testApp.app.url}/graphql`, { method: 'POST', headers: { authorization: testApp.adminAuthorization, ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as GraphQLResponse };
}

/** Sends the operation over HTTP (as the admin unless `authorization` is given); expects it refused with `code`, without a stack and without an appended event. */
async function expectRefused(testApp: TestApp, code: string, query: string, variables: Record<string, unknown> = {}, authorization = testApp.adminAuthorization) {
  const before = await countEvents(testApp.database.db);
  const response = await post(testApp, JSON.stringify({ query, variables }), { 'content-type': 'application/json', authorization });
  const result = response.json();
  expect(result.errors, response.text).toBeDefined();
  expect(result.errors![0]!.extensions?.code, response.text).toBe(code);
  expect(result.data ?? undefined).toBeUndefined();
  expect(response.text).not.toMatch(/stacktrace|at \w+ \(/);
  expect(await countEvents(testApp.database.db)).toBe(before);
  return { status: response.status, headers: response.headers, error: result.errors![0]! };
}

/** Runs one operation over graphql-ws (as the admin unless `authorization` is given); answers its errors (or its result). */
async function overWebSocket(testApp: TestApp, query: string, variables: Record<string, unknown> = {}, authorization = testApp.adminAuthorization) {
  const client = testApp.ws({ authorization });
  try {
    return await new Promise<{ errors?: GraphQLResponse['errors']; data?: unknown }>((resolve, reject) => {
      let result: { data?: unknown; errors?: GraphQLResponse['errors'] } = {};
      client.subscribe(
        { query, variables },
        {
          next: (value) => (result = value as typeof result),
          error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
          complete: () => resolve(result),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** A raw graphql-transport-ws socket signed in as the admin, to see close codes the client library would hide. */
const adminSocket = (testApp: TestApp) => rawSocket(testApp.app.url, { authorization: testApp.adminAuthorization });

describe('query depth', () => {
  // No valid query of today's schema nests deeper than 6 (it has no cycles yet, and graphql-js's
  // MaxIntrospectionDepthRule caps introspection), so the bomb is measured against a limit of 3.
  const deep = '{ orders { edges { node { items { unitPrice { amount } } } } } }';

  it('refuses a query deeper than the limit with QUERY_TOO_DEEP and HTTP 400', async () => {
    const { status, error } = await expectRefused(strict, 'QUERY_TOO_DEEP', deep);
    expect(status).toBe(400);
    expect(error.extensions).toMatchObject({ limit: 3, actual: 6 });
    expect((await standard.client.request(deep)).errors).toBeUndefined();
  });

  it('refuses a too-deep mutation before it runs: nothing appended', async () => {
    await expectRefused(strict, 'QUERY_TOO_DEEP', 'mutation { createOrder { items { unitPrice { amount } } } }');
  });

  it('refuses a too-deep operation over WebSocket too', async () => {
    const { errors } = await overWebSocket(strict, deep);
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 3, actual: 6 });
  });

  it('accepts the standard introspection query under the default limit: its ofType chains do not count', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await standard.client.request(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(introspection.errors).toBeUndefined();
  });
});

describe('query complexity', () => {
  const page = (alias: string, first: number) => `${alias}: orders(first: ${first}) { edges { node { ${ORDER_FIELDS} } } }`;

  it('refuses a complexity bomb with QUERY_TOO_COMPLEX, pricing page fields by `first`', async () => {
    const { error } = await expectRefused(standard, 'QUERY_TOO_COMPLEX', `{ ${page('a', 100)} ${page('b', 100)} ${page('c', 100)} ${page('d', 100)} }`);
    expect(error.extensions).toMatchObject({ limit: DEFAULT_API_LIMITS.maxComplexity, actual: expect.any(Number) });
    expect(error.extensions!.actual).toBeGreaterThan(DEFAULT_API_LIMITS.maxComplexity);
  });

  it('prices `first` given through a variable', async () => {
    await expectRefused(standard, 'QUERY_TOO_COMPLEX', `query($n: Int) { products(first: $n) { edges { node { ${PRODUCT_FIELDS} } } } }`, { n: 1_000_000 });
    const accepted = await standard.client.request(`query($n: Int) { products(first: $n) { edges { node { ${PRODUCT_FIELDS} } } } }`, { n: 100 });
    expect(accepted.errors).toBeUndefined();
    // The other way round: a document's cost is kept only when no variable can change it.
    const priced = `query Priced($n: Int) { products(first: $n) { edges { node { ${PRODUCT_FIELDS} } } } }`;
    expect((await standard.client.request(priced, { n: 100 })).errors).toBeUndefined();
    await expectRefused(standard, 'QUERY_TOO_COMPLEX', priced, { n: 1_000_000 });
  });

  it('prices a selection a variable includes or skips by the variable sent each time', async () => {
    const switched = `query Switched($on: Boolean!, $off: Boolean!) { ${page('a', 100)} ${page('b', 100)} x: orders(first: 100) @include(if: $on) { edges { node { ${ORDER_FIELDS} } } } y: orders(first: 100) @skip(if: $off) { edges { node { ${ORDER_FIELDS} } } } }`;
    expect((await standard.client.request(switched, { on: false, off: true })).errors).toBeUndefined();
    await expectRefused(standard, 'QUERY_TOO_COMPLEX', switched, { on: true, off: true });
    await expectRefused(standard, 'QUERY_TOO_COMPLEX', switched, { on: false, off: false });
  });

  it('refuses a too-complex mutation before it runs, each time it is sent: nothing appended', async () => {
    // The second time, its cost comes from what was measured of the same document.
    for (let i = 0; i < 2; i++) {
      await expectRefused(strict, 'QUERY_TOO_COMPLEX', 'mutation { createOrder { id status version createdAt updatedAt total { amount currency } items { sku quantity } } }');
    }
  });

  it('refuses a complexity bomb over WebSocket too, each time it is sent', async () => {
    for (let i = 0; i < 2; i++) {
      const { errors } = await overWebSocket(standard, `{ ${page('a', 100)} ${page('b', 100)} ${page('c', 100)} ${page('d', 100)} }`);
      expect(errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
  });
});

describe('aliases and root fields', () => {
  const flood = (count: number) => `mutation { ${Array.from({ length: count }, (_, i) => `a${i}: createOrder { id }`).join(' ')} }`;

  it('refuses an alias flood of mutations with TOO_MANY_ALIASES: not one of them runs', async () => {
    const { error } = await expectRefused(standard, 'TOO_MANY_ALIASES', flood(1000));
    expect(error.extensions).toMatchObject({ limit: DEFAULT_API_LIMITS.maxAliases, actual: 1000 });
  });

  it('counts aliases inside fragments, once per use', async () => {
    const query = `query { ${Array.from({ length: 12 }, (_, i) => `p${i}: products(first: 1) { ...F }`).join(' ')} } fragment F on ProductConnection { a: pageInfo { hasNextPage } b: pageInfo { endCursor } }`;
    const { error } = await expectRefused(standard, 'TOO_MANY_ALIASES', query);
    expect(error.extensions!.actual).toBe(12 + 24);
  });

  it('refuses an alias flood over WebSocket, appending nothing', async () => {
    const before = await countEvents(standard.database.db);
    const { errors } = await overWebSocket(standard, flood(100));
    expect(errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
    expect(await countEvents(standard.database.db)).toBe(before);
  });

  it('refuses more top-level fields than allowed with TOO_MANY_ROOT_FIELDS', async () => {
    await expectRefused(strict, 'TOO_MANY_ROOT_FIELDS', '{ products { pageInfo { hasNextPage } } orders { pageInfo { hasNextPage } } payments { pageInfo { hasNextPage } } shipments { pageInfo { hasNextPage } } warehouses { id } }');
  });
});

describe('HTTP requests', () => {
  it('refuses a batched request (a JSON array) with BATCH_TOO_LARGE when batching is off', async () => {
    const before = await countEvents(standard.database.db);
    const response = await post(standard, JSON.stringify([{ query: 'mutation { createOrder { id } }' }, { query: 'mutation { createOrder { id } }' }]));
    expect(response.status).toBe(400);
    expect(response.json().errors?.[0]?.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', limit: 1, actual: 2 });
    expect(await countEvents(standard.database.db)).toBe(before);
  });

  it('accepts a batch up to the configured size and refuses a larger one', async () => {
    const query = { query: '{ products(first: 1) { pageInfo { hasNextPage } } }' };
    const accepted = await post(strict, JSON.stringify([query, query]));
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.text)).toHaveLength(2);
    const refused = await post(strict, JSON.stringify([query, query, query]));
    expect(refused.status).toBe(400);
    expect(refused.json().errors?.[0]?.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', limit: 2, actual: 3 });
  });

  it('answers an oversized body with 413 and a GraphQL error in JSON, not an HTML page', async () => {
    const before = await countEvents(standard.database.db);
    const padding = 'x'.repeat(DEFAULT_API_LIMITS.maxBodyBytes + 1);
    const response = await post(standard, JSON.stringify({ query: 'mutation { createOrder { id } }', variables: { padding } }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(response.json().errors?.[0]?.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: DEFAULT_API_LIMITS.maxBodyBytes });
    expect(response.text).not.toMatch(/<html|<pre|at \w+ \(/i);
    expect(await countEvents(standard.database.db)).toBe(before);
  });

  it('answers a body that is not JSON with 400 and a GraphQL error in JSON', async () => {
    const response = await post(standard, '{"query": ');
    expect(response.status).toBe(400);
    expect(response.json().errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(response.text).not.toMatch(/<html|<pre|at \w+ \(/i);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
  ])('refuses a %s POST without a preflight header (CSRF prevention), appending nothing', async (_name, contentType) => {
    const before = await countEvents(standard.database.db);
    const response = await post(standard, JSON.stringify({ query: 'mutation { createOrder { id } }' }), { 'content-type': contentType });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/CSRF|preflight/i);
    expect(await countEvents(standard.database.db)).toBe(before);
  });

  it('serves introspection when configured on, and refuses it when configured off, over HTTP and WebSocket', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect(await standard.client.data(query)).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await strict.client.error(query);
    expect(refused.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.message).toMatch(/introspection/i);
    const overWs = await overWebSocket(strict, query);
    expect(overWs.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(overWs.errors?.[0]?.message).toMatch(/introspection/i);
  });
});

describe('error masking', () => {
  it('answers an unexpected failure over WebSocket with INTERNAL_SERVER_ERROR and an id, no stack or SQL', async () => {
    await standard.database.db.raw('ALTER TABLE orders RENAME TO orders_hidden');
    try {
      const { errors } = await overWebSocket(standard, '{ orders { edges { node { id } } } }');
      expect(errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
      expect(JSON.stringify(errors)).not.toMatch(/orders_hidden|relation|select|stack|at \w+ \(/i);
    } finally {
      await standard.database.db.raw('ALTER TABLE orders_hidden RENAME TO orders');
    }
  });
});

describe('WebSocket', () => {
  it('closes the socket with 1009 (message too big) on a message over the size limit', async () => {
    const socket = adminSocket(standard);
    expect(await socket.acknowledged).toBe(true);
    const query = `{ products { pageInfo { hasNextPage } } } # ${'x'.repeat(DEFAULT_API_LIMITS.maxWebSocketMessageBytes)}`;
    socket.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    expect((await socket.closed).code).toBe(1009);
  });

  it('refuses operations beyond the per-connection limit with TOO_MANY_OPERATIONS, and takes more once one ends', async () => {
    const socket = adminSocket(strict);
    const errors = new Map<string, { extensions?: Record<string, unknown> }[]>();
    socket.ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: string; type: string; payload?: { extensions?: Record<string, unknown> }[] };
      if (message.type === 'error') errors.set(message.id!, message.payload!);
    });
    // Well-formed order ids (an admin may follow any; none changes here), so each subscription stays open.
    const watch = (id: string) => socket.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: `subscription { orderUpdated(orderId: "${randomUUID()}") { id } }` } }));
    const errorOf = async (id: string) => {
      for (let i = 0; i < 100 && !errors.has(id); i++) await new Promise((r) => setTimeout(r, 20));
      return errors.get(id);
    };
    try {
      expect(await socket.acknowledged).toBe(true);
      watch('s1');
      watch('s2');
      watch('s3');
      expect((await errorOf('s3'))?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_OPERATIONS', limit: 2 });
      expect(errors.has('s1') || errors.has('s2')).toBe(false);

      // Messages on one socket are handled in order: s1 is gone before s4 is counted.
      socket.ws.send(JSON.stringify({ id: 's1', type: 'complete' }));
      watch('s4');
      watch('s5');
      expect((await errorOf('s5'))?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_OPERATIONS' });
      expect(errors.has('s4')).toBe(false);
    } finally {
      await socket.close();
    }
  });

  it('refuses connections over the per-client limit with 1013 and a reason, and takes them again once one closes', async () => {
    const first = adminSocket(strict);
    const second = adminSocket(strict);
    try {
      expect(await first.acknowledged).toBe(true);
      expect(await second.acknowledged).toBe(true);
      const third = adminSocket(strict);
      expect(await third.acknowledged).toBe(false);
      expect(await third.closed).toEqual({ code: 1013, reason: expect.stringMatching(/too many connections/i) });

      await first.close();
      const again = adminSocket(strict);
      expect(await again.acknowledged).toBe(true);
      await again.close();
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});

describe('mutation rate limit', () => {
  const CREATE = 'mutation { createOrder { id } }';

  it('refuses mutations over the limit with RATE_LIMITED, 429 and a retry hint, appending nothing; queries still run', async () => {
    const customer = await strict.clientAs('CUSTOMER');
    for (let i = 0; i < STRICT_RATE_LIMIT; i++) await customer.client.data(CREATE);
    const { status, headers, error } = await expectRefused(strict, 'RATE_LIMITED', CREATE, {}, customer.authorization);
    expect(status).toBe(429);
    expect(error.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(headers.get('retry-after'))).toBe(error.extensions!.retryAfterSeconds);
    expect(error.extensions!.http).toBeUndefined();
    expect((await customer.client.request('{ products(first: 1) { pageInfo { hasNextPage } } }')).errors).toBeUndefined();
  });

  it('keys the budget by signed-in account, not by address: another account from the same address still has its own', async () => {
    const [spender, other] = await Promise.all([strict.clientAs('CUSTOMER'), strict.clientAs('CUSTOMER')]);
    for (let i = 0; i < STRICT_RATE_LIMIT; i++) await spender.client.data(CREATE);
    await expectRefused(strict, 'RATE_LIMITED', CREATE, {}, spender.authorization);
    expect((await other.client.request(CREATE)).errors).toBeUndefined();
  });

  it('keys anonymous callers by address: sign-in guesses run out of budget too', async () => {
    const guess = 'mutation { signIn(shop: "demo", email: "someone@example.com", password: "guess-guess") { token } }';
    for (let i = 0; i < STRICT_RATE_LIMIT; i++) expect((await strict.anonymous.error(guess)).code).toBe('UNAUTHENTICATED');
    expect((await strict.anonymous.error(guess)).code).toBe('RATE_LIMITED');
  });

  it('limits mutations over WebSocket as well, from the same budget as HTTP, appending nothing when refused', async () => {
    const customer = await strict.clientAs('CUSTOMER');
    for (let i = 0; i < STRICT_RATE_LIMIT - 1; i++) await customer.client.data(CREATE);
    expect((await overWebSocket(strict, CREATE, {}, customer.authorization)).errors).toBeUndefined();
    const before = await countEvents(strict.database.db);
    const refused = await overWebSocket(strict, CREATE, {}, customer.authorization);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(await countEvents(strict.database.db)).toBe(before);
  });
});
