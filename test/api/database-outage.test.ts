import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type App } from '../../server/src/app/app';
import { createLogger } from '../../server/src/config/logger';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/db/embedded';
import { ensureDatabase } from '../../server/src/db/knex';
import { isDatabaseUnavailable } from '../../server/src/graphql/unavailable';
import { newId } from '../../server/src/shared/ids';
import { TEST_JWT_SECRET } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';
import { freePort } from '../support/free-port';
import { wsClient } from '../support/graphql-client';

/**
 * Issue 11, "Found 3": during a PostgreSQL restart every operation answered HTTP 200 with
 * INTERNAL_SERVER_ERROR, with nothing that said "retry". Now an outage is SERVICE_UNAVAILABLE,
 * HTTP 503 with Retry-After, over WebSocket the same code, and the server recovers by itself.
 */

describe('which failures count as the database being unavailable', () => {
  const failure = (message: string, props: Record<string, unknown> = {}) => Object.assign(new Error(message), props);

  it.each([
    ['PostgreSQL shutting down under the connection (57P01)', failure('terminating connection due to administrator command', { code: '57P01' })],
    ['PostgreSQL crashed (57P02)', failure('terminating connection due to crash of another server process', { code: '57P02' })],
    ['PostgreSQL starting up (57P03)', failure('the database system is starting up', { code: '57P03' })],
    ['a connection exception (08006)', failure('connection failure', { code: '08006' })],
    ['a refused TCP connection', failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' })],
    ['a reset connection', failure('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' })],
    ['a Unix socket that is gone', failure('connect ENOENT /tmp/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' })],
    ['a connection that ended', failure('Connection terminated unexpectedly')],
    ['no connection from the pool in time', failure('Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?')],
  ])('%s: unavailable', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', failure('duplicate key value violates unique constraint', { code: '23505' })],
    ['a serialization failure (40001)', failure('could not serialize access', { code: '40001' })],
    ['an integer out of range (22003)', failure('integer out of range', { code: '22003' })],
    ['too many connections (53300)', failure('sorry, too many clients already', { code: '53300' })],
    ['a missing file that is no connection', failure("ENOENT: no such file or directory, open 'x'", { code: 'ENOENT', syscall: 'open' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'Connection terminated unexpectedly'],
  ])('%s: not unavailable (an internal error)', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('a database outage answers SERVICE_UNAVAILABLE, 503 and Retry-After, and the server recovers by itself', () => {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  let dir: string;
  let pgPort: number;
  let postgres: EmbeddedDatabase | undefined;
  let app: App;
  let authorization: string;
  let socket: Client;

  // A PostgreSQL of this file's own: the shared test server cannot be stopped under the other files.
  const startPostgres = async () => {
    postgres = await startEmbeddedPostgres({ dir, port: pgPort, persistent: true, logger });
    return postgres;
  };

  afterAll(async () => {
    await socket?.dispose();
    // The app's stop needs its database: bring it back if a failed test left it down.
    if (!postgres) await startPostgres();
    await app?.stop();
    await postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const post = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
  };

  /** One query or mutation over the open WebSocket; resolves with its result (errors included). */
  const overSocket = (query: string) =>
    new Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>((resolve, reject) => {
      let result: { data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] } | undefined;
      socket.subscribe({ query }, { next: (value) => (result = value as typeof result), error: reject, complete: () => (result ? resolve(result) : reject(new Error('no result'))) });
    });

  const CREATE_SHOP = 'mutation { createShop(slug: "outage", name: "Outage", owner: { email: "owner@outage.test", password: "outage-password-1", name: "Owner" }) { token } }';
  const ANONYMOUS = { 'x-shop': 'outage' };
  const ANONYMOUS_QUERY = '{ shop { slug } }';
  const ORDER_QUERY = `{ order(id: "${newId()}") { id } }`;
  const CREATE_ORDER = 'mutation { createOrder { id status } }';

  const expectUnavailable = (answer: Awaited<ReturnType<typeof post>>) => {
    expect(answer.status, answer.text).toBe(503);
    expect(answer.retryAfter).toBe('5');
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors![0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(answer.body.errors![0]!.message).toBe('The database is unavailable; retry in 5 s');
    // Nothing of the failure itself leaks: no SQL, no driver message, no stack, no address.
    expect(answer.text).not.toMatch(/ECONN|ENOENT|terminat|select|stack|127\.0\.0\.1|\.s\.PGSQL/i);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ordercast-outage-pg-'));
    fs.chmodSync(dir, 0o777);
    pgPort = await freePort();
    const { adminUrl } = await startPostgres();
    const url = new URL(adminUrl);
    url.pathname = '/ordercast_outage';
    await ensureDatabase(url.toString());
    app = await startApp({ databaseUrl: url.toString(), port: 0, jwtSecret: TEST_JWT_SECRET, logger, projectorPollMs: 200, limits: { mutationRateLimit: 0 }, allowShopCreation: true });
    const created = await post(CREATE_SHOP);
    expect(created.body.errors).toBeUndefined();
    authorization = `Bearer ${(created.body.data as { createShop: { token: string } }).createShop.token}`;
    socket = wsClient(app.url, { authorization });
  }, 120_000);

  it('answers normally before, 503 + Retry-After + SERVICE_UNAVAILABLE over HTTP and the same code over WebSocket while PostgreSQL is down, and normally again once it is back', async () => {
    // Before: all well, and the socket is open (it was connected while the database answered).
    expect((await post(ANONYMOUS_QUERY, ANONYMOUS)).body).toEqual({ data: { shop: { slug: 'outage' } } });
    expect((await post(CREATE_ORDER, { authorization })).body.errors).toBeUndefined();
    expect((await overSocket(ORDER_QUERY)).errors).toBeUndefined();
    const ordersBefore = await app.db('events').where({ event_type: 'OrderCreated' }).count<{ count: number }[]>({ count: '*' });

    await postgres!.stop();
    postgres = undefined;

    // A query checked in the request's context (the anonymous caller's shop), a query and a mutation run by resolvers.
    expectUnavailable(await post(ANONYMOUS_QUERY, ANONYMOUS));
    expectUnavailable(await post(ORDER_QUERY, { authorization }));
    expectUnavailable(await post(CREATE_ORDER, { authorization }));
    expectUnavailable(await post(CREATE_ORDER, { authorization, 'idempotency-key': `outage-${newId()}` }));
    const overWs = await overSocket(CREATE_ORDER);
    expect(overWs.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(JSON.stringify(overWs)).not.toMatch(/ECONN|ENOENT|terminat|select|stack/i);
    expect((await fetch(`${app.url}/health`)).status).toBe(503);

    await startPostgres();

    // Back by itself: no restart of the server, the same client and socket.
    await vi.waitFor(async () => expect((await post(ANONYMOUS_QUERY, ANONYMOUS)).status).toBe(200), { timeout: 4 * EVENTUALLY_MS, interval: 100 });
    const created = await post(CREATE_ORDER, { authorization });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ data: { createOrder: { status: 'DRAFT' } } });
    expect(await overSocket(ORDER_QUERY)).toEqual({ data: { order: null } });
    // The refused mutations appended nothing: one order before the outage, one after.
    const ordersAfter = await app.db('events').where({ event_type: 'OrderCreated' }).count<{ count: number }[]>({ count: '*' });
    expect(Number(ordersAfter[0]!.count)).toBe(Number(ordersBefore[0]!.count) + 1);
  }, 120_000);
});
