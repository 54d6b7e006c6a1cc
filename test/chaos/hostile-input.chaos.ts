import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { draftOrder, stockUp } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { rawSocket } from '../support/raw-socket';
import { countEvents } from '../support/rejections';
import { hostileFor, illFormedString, literal, type Slot } from './support/hostile-values';
import { printSummary } from './support/summary';

/**
 * Generated hostile input over HTTP and WebSocket: wrong types, huge numbers, ill-formed strings,
 * unknown enums, deep nesting, oversized payloads, garbage bodies and malformed WebSocket frames.
 * Each one gets a clean error with a code (never INTERNAL_SERVER_ERROR, never a stack), the
 * server stays up, and nothing is appended.
 */
let testApp: TestApp;
let socket: ReturnType<typeof rawSocket>;
let ids: { sku: string; variantId: string; warehouseId: string; orderId: string };
const codes = new Map<string, number>();
let sent = 0;

beforeAll(async () => {
  testApp = await startTestApp();
  const { variantId } = await createProduct(testApp.client, { variants: [{ sku: 'HOSTILE-1', amount: 500 }] });
  const warehouseId = await stockUp(testApp.client, 'HOSTILE-WH', { 'HOSTILE-1': 5 });
  const orderId = await draftOrder(testApp.client, [{ variantId: variantId('HOSTILE-1'), quantity: 1 }]);
  ids = { sku: 'HOSTILE-1', variantId: variantId('HOSTILE-1'), warehouseId, orderId };
  socket = rawSocket(testApp.app.url, { authorization: testApp.adminAuthorization });
  expect(await socket.acknowledged).toBe(true);
});
afterAll(async () => {
  await socket?.close();
  await testApp.stop();
});

/** An operation, its valid variables, and the slots one of which a run makes hostile. */
interface Template {
  name: string;
  /** The operation with `$slot` where the slot's value goes: a variable reference or a literal. */
  operation: (slots: Record<string, string>) => string;
  variableTypes: Record<string, string>;
  valid: () => Record<string, unknown>;
  slots: Record<string, { type: Slot; nullable?: boolean; path: string[] }>;
}

const templates: Template[] = [
  {
    name: 'receiveStock',
    operation: (s) => `mutation($sku: String!, $warehouseId: ID!, $quantity: Int!) { receiveStock(input: { sku: ${s.sku}, warehouseId: ${s.warehouseId}, quantity: ${s.quantity} }) { sku onHand } }`,
    variableTypes: { sku: 'String!', warehouseId: 'ID!', quantity: 'Int!' },
    valid: () => ({ sku: ids.sku, warehouseId: ids.warehouseId, quantity: 1 }),
    slots: { sku: { type: 'String', path: ['sku'] }, warehouseId: { type: 'ID', path: ['warehouseId'] }, quantity: { type: 'Int', path: ['quantity'] } },
  },
  {
    name: 'addOrderItem',
    operation: (s) => `mutation($orderId: ID!, $variantId: ID!, $quantity: Int!) { addOrderItem(orderId: ${s.orderId}, variantId: ${s.variantId}, quantity: ${s.quantity}) { id version } }`,
    variableTypes: { orderId: 'ID!', variantId: 'ID!', quantity: 'Int!' },
    valid: () => ({ orderId: ids.orderId, variantId: ids.variantId, quantity: 1 }),
    slots: { orderId: { type: 'ID', path: ['orderId'] }, variantId: { type: 'ID', path: ['variantId'] }, quantity: { type: 'Int', path: ['quantity'] } },
  },
  {
    name: 'changeVariantPrice',
    operation: (s) => `mutation($variantId: ID!, $amount: SafeInt!, $currency: String!) { changeVariantPrice(variantId: ${s.variantId}, price: { amount: ${s.amount}, currency: ${s.currency} }) { id } }`,
    variableTypes: { variantId: 'ID!', amount: 'SafeInt!', currency: 'String!' },
    valid: () => ({ variantId: ids.variantId, amount: 600, currency: 'EUR' }),
    slots: { variantId: { type: 'ID', path: ['variantId'] }, amount: { type: 'SafeInt', path: ['amount'] }, currency: { type: 'Currency', path: ['currency'] } },
  },
  {
    name: 'createProduct',
    operation: (s) => `mutation($name: String!, $description: String!) { createProduct(input: { name: ${s.name}, description: ${s.description} }) { id } }`,
    variableTypes: { name: 'String!', description: 'String!' },
    valid: () => ({ name: 'Fine name', description: 'Fine description' }),
    slots: { name: { type: 'String', path: ['name'] }, description: { type: 'String', path: ['description'] } },
  },
  {
    name: 'createWarehouse',
    operation: (s) => `mutation($code: String!, $name: String!) { createWarehouse(input: { code: ${s.code}, name: ${s.name} }) { id } }`,
    variableTypes: { code: 'String!', name: 'String!' },
    // A code already taken: the valid request is refused too (CONFLICT), so only the hostile part is under test, and nothing can be appended.
    valid: () => ({ code: 'HOSTILE-WH', name: 'Fine name' }),
    slots: { code: { type: 'String', path: ['code'] }, name: { type: 'String', path: ['name'] } },
  },
  {
    name: 'checkoutOrder',
    operation: (s) => `mutation($orderId: ID!, $token: String!, $key: String!) { checkoutOrder(orderId: ${s.orderId}, payment: { token: ${s.token} }, idempotencyKey: ${s.key}) { id } }`,
    variableTypes: { orderId: 'ID!', token: 'String!', key: 'String!' },
    valid: () => ({ orderId: ids.orderId, token: 'tok_visa', key: 'hostile-checkout' }),
    slots: { orderId: { type: 'ID', path: ['orderId'] }, token: { type: 'String', path: ['token'] }, key: { type: 'String', path: ['key'] } },
  },
  {
    name: 'products',
    operation: (s) => `query($first: Int, $search: String) { products(first: ${s.first}, search: ${s.search}) { edges { node { id } } } }`,
    variableTypes: { first: 'Int', search: 'String' },
    valid: () => ({ first: 5, search: 'lamp' }),
    slots: { first: { type: 'Int', nullable: true, path: ['first'] }, search: { type: 'String', nullable: true, path: ['search'] } },
  },
  {
    name: 'orders',
    operation: (s) => `query($first: Int, $status: OrderStatus) { orders(first: ${s.first}, status: ${s.status}) { edges { node { id } } } }`,
    variableTypes: { first: 'Int', status: 'OrderStatus' },
    valid: () => ({ first: 5, status: 'DRAFT' }),
    slots: { first: { type: 'Int', nullable: true, path: ['first'] }, status: { type: 'OrderStatus', nullable: true, path: ['status'] } },
  },
];

/** One hostile request: a template, the slot made hostile, its value, and how it travels. */
const hostileRequest = fc
  .constantFrom(...templates)
  .chain((template) =>
    fc.constantFrom(...Object.keys(template.slots)).chain((slot) =>
      fc.record({
        template: fc.constant(template),
        slot: fc.constant(slot),
        value: hostileFor(template.slots[slot]!.type).filter((v) => !(v === null && template.slots[slot]!.nullable)),
        inline: fc.boolean(),
        transport: fc.constantFrom('http', 'http', 'ws'),
      }),
    ),
  )
  .map(({ template, slot, value, inline, transport }) => {
    const variables = template.valid();
    const written = inline ? literal(value, template.slots[slot]!.type) : undefined;
    const slots = Object.fromEntries(Object.keys(template.slots).map((s) => [s, `$${s}`]));
    if (written !== undefined) {
      slots[slot] = written;
      delete variables[slot];
    } else variables[slot] = value;
    // Variables written in place are no longer declared (an unused variable is an error of its own).
    const query = template.operation(slots).replace(/^(mutation|query)\(([^)]*)\)/, (_m, kind: string, declared: string) => {
      const kept = declared.split(', ').filter((d) => Object.values(slots).includes(d.split(':')[0]!));
      return kept.length ? `${kind}(${kept.join(', ')})` : kind;
    });
    return { name: `${template.name}.${slot}`, query, variables, transport };
  });

/** A GraphQL answer over HTTP: its status and errors. */
async function overHttp(body: string, contentType = 'application/json') {
  const response = await fetch(`${testApp.app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: testApp.adminAuthorization },
    body,
  });
  const text = await response.text();
  let parsed: { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} answered a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, errors: parsed.errors, data: parsed.data };
}

let wsIds = 0;
/** A GraphQL answer over the shared WebSocket: the errors of its `error` or `next` message. */
async function overWebSocket(query: string, variables: Record<string, unknown>) {
  const id = `h${++wsIds}`;
  socket.subscribe(id, query, variables);
  const deadline = Date.now() + EVENTUALLY_MS;
  for (;;) {
    const answer = socket.messages.find((m) => m.id === id && (m.type === 'error' || m.type === 'next'));
    if (answer) {
      const errors = answer.type === 'error' ? (answer.payload as { message: string; extensions?: Record<string, unknown> }[]) : (answer.payload as { errors?: [] }).errors;
      return { status: 200, errors, data: answer.type === 'next' ? (answer.payload as { data?: unknown }).data : undefined };
    }
    if (socket.ws.readyState !== socket.ws.OPEN) throw new Error(`the WebSocket closed while ${id} was answered: ${JSON.stringify(await socket.closed)}`);
    if (Date.now() > deadline) throw new Error(`no answer to ${id} over WebSocket`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The invariant for one answer: refused, with a code that is not an internal error, no stack, no 5xx. */
function expectCleanRefusal(what: string, answer: { status: number; errors?: { message: string; extensions?: Record<string, unknown> }[] }) {
  sent++;
  const described = `${what}: ${JSON.stringify(answer).slice(0, 500)}`;
  expect(answer.status, described).toBeLessThan(500);
  expect(answer.errors?.length, described).toBeGreaterThan(0);
  for (const error of answer.errors!) {
    const code = error.extensions?.code;
    expect(typeof code === 'string' && code.length > 0, described).toBe(true);
    expect(code, described).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions?.stacktrace, described).toBeUndefined();
    codes.set(code as string, (codes.get(code as string) ?? 0) + 1);
  }
}

async function expectServerUp() {
  expect((await fetch(`${testApp.app.url}/health`)).status).toBe(200);
  expect((await testApp.client.data<{ products: unknown }>('{ products(first: 1) { edges { node { id } } } }')).products).toBeDefined();
}

describe('hostile GraphQL input', () => {
  it('refuses generated hostile arguments cleanly over HTTP and WebSocket, appending nothing', async () => {
    const before = await countEvents(testApp.database.db);
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const answer = request.transport === 'ws' ? await overWebSocket(request.query, request.variables) : await overHttp(JSON.stringify({ query: request.query, variables: request.variables }));
        expectCleanRefusal(`${request.name} over ${request.transport}: ${request.query} ${JSON.stringify(request.variables)}`, answer);
      }),
      { numRuns: 400, seed: process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : undefined },
    );
    expect(await countEvents(testApp.database.db)).toBe(before);
    await expectServerUp();
  });

  it('refuses deep nesting, oversized payloads and garbage bodies cleanly, appending nothing', async () => {
    const before = await countEvents(testApp.database.db);
    const structural = fc.oneof(
      // Selections nested far past the depth limit (unknown fields: the parser and the limits meet them first).
      fc.integer({ min: 11, max: 30_000 }).map((depth) => ({ what: `selections ${depth} deep`, body: JSON.stringify({ query: `{ ${'a { '.repeat(depth)}b${' }'.repeat(depth)} }` }) })),
      // A variable nested thousands of lists deep where an Int goes.
      fc.integer({ min: 2, max: 20_000 }).map((depth) => ({
        what: `a variable ${depth} lists deep`,
        // Written by hand: JSON.stringify itself recurses once per level.
        body: `{"query": "mutation($q: Int!, $o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: $q) { id } }", "variables": {"o": "${ids.orderId}", "v": "${ids.variantId}", "q": ${'['.repeat(depth)}1${']'.repeat(depth)}}}`,
      })),
      // An input object literal nested far into a field that takes none.
      fc.integer({ min: 2, max: 20_000 }).map((depth) => ({
        what: `an input literal ${depth} objects deep`,
        body: JSON.stringify({ query: `mutation { createProduct(input: { name: ${'{ a: '.repeat(depth)}1${' }'.repeat(depth)} }) { id } }` }),
      })),
      // Bodies over GRAPHQL_MAX_BODY_BYTES.
      fc.integer({ min: 101 * 1024, max: 2 * 1024 * 1024 }).map((size) => ({
        what: `a body of ${size} bytes`,
        body: JSON.stringify({ query: 'mutation($n: String!) { createProduct(input: { name: $n }) { id } }', variables: { n: 'x'.repeat(size) } }),
      })),
      // Operation text that is not GraphQL, and bodies that are not a GraphQL request.
      fc.string({ maxLength: 200 }).map((text) => ({ what: 'garbage operation text', body: JSON.stringify({ query: `mutation ${text} {` }) })),
      illFormedString.map((text) => ({ what: 'an ill-formed operation name', body: JSON.stringify({ query: '{ products(first: 1) { edges { cursor } } }', operationName: text }) })),
      fc.jsonValue({ maxDepth: 3 }).filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v) ? !('query' in v) : true).map((v) => ({ what: 'a JSON body that is no request', body: JSON.stringify(v) })),
      fc.string({ minLength: 1, maxLength: 100 }).filter((t) => { try { JSON.parse(t); return false; } catch { return true; } }).map((t) => ({ what: 'a body that is not JSON', body: t })),
    );
    await fc.assert(
      fc.asyncProperty(structural, async ({ what, body }) => {
        expectCleanRefusal(what, await overHttp(body));
      }),
      { numRuns: 150, seed: process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : undefined },
    );
    expect(await countEvents(testApp.database.db)).toBe(before);
    await expectServerUp();
  });

  it('closes a WebSocket that sends malformed frames with a protocol close code (never an internal error), appending nothing', async () => {
    const before = await countEvents(testApp.database.db);
    const closeCodes = new Map<number, number>();
    const frame = fc.oneof(
      fc.string({ maxLength: 100 }).map((text) => ({ what: 'text that is not a message', data: text as string | Buffer })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => ({ what: 'JSON that is not a message', data: JSON.stringify(v) as string | Buffer })),
      fc.record({ type: fc.string({ maxLength: 12 }), id: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)) }).map((m) => ({ what: 'an unknown message type', data: JSON.stringify(m) as string | Buffer })),
      fc.record({ id: fc.oneof(fc.constant(''), fc.integer(), illFormedString), payload: fc.oneof(fc.constant(null), fc.string(), fc.record({ query: fc.integer() })) }).map((m) => ({ what: 'a subscribe without a usable id or payload', data: JSON.stringify({ type: 'subscribe', ...m }) as string | Buffer })),
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ what: 'a binary frame', data: Buffer.from(bytes) as string | Buffer })),
      fc.integer({ min: 65 * 1024, max: 512 * 1024 }).map((size) => ({ what: `a ${size}-byte message`, data: JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(size) } }) as string | Buffer })),
      fc.constant({ what: 'a second connection_init', data: JSON.stringify({ type: 'connection_init', payload: {} }) as string | Buffer }),
    );
    await fc.assert(
      fc.asyncProperty(frame, async ({ what, data }) => {
        const hostile = rawSocket(testApp.app.url, { authorization: testApp.adminAuthorization });
        expect(await hostile.acknowledged).toBe(true);
        hostile.ws.send(data);
        // The server reads a socket's frames in order: a subscribe sent right after the hostile frame
        // is answered only when that frame left the socket open (a ping, say); otherwise it closes.
        hostile.subscribe('after', '{ products(first: 1) { edges { cursor } } }');
        const answered = () => hostile.messages.some((m) => m.id === 'after' && m.type === 'next');
        const deadline = Date.now() + EVENTUALLY_MS;
        while (!answered() && hostile.ws.readyState === hostile.ws.OPEN && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        sent++;
        if (answered()) {
          closeCodes.set(0, (closeCodes.get(0) ?? 0) + 1);
          await hostile.close();
        } else {
          expect(hostile.ws.readyState, `${what}: the socket neither answered nor closed`).not.toBe(hostile.ws.OPEN);
          const closed = await hostile.closed;
          closeCodes.set(closed.code, (closeCodes.get(closed.code) ?? 0) + 1);
          // 4400 bad request, 4401/4409/4429 protocol states, 1002/1007/1009 by `ws` for the frame itself; 1011 is an internal error.
          expect([1002, 1003, 1007, 1009, 4400, 4401, 4409, 4429], `${what}: closed ${JSON.stringify(closed)}`).toContain(closed.code);
        }
      }),
      { numRuns: 80, seed: process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : undefined },
    );
    expect(await countEvents(testApp.database.db)).toBe(before);
    await expectServerUp();
    printSummary('hostile input', {
      'requests and frames sent': sent,
      ...Object.fromEntries([...codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => [code, n])),
      ...Object.fromEntries([...closeCodes].map(([code, n]) => [code === 0 ? 'frames tolerated (socket kept open)' : `sockets closed ${code}`, n])),
      INTERNAL_SERVER_ERROR: 0,
      'events appended': 0,
    });
  });
});
