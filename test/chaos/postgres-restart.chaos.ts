import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../server/src/app/app';
import { Role } from '../../server/src/auth/roles';
import { createLogger } from '../../server/src/config/logger';
import { newId } from '../../server/src/shared/ids';
import { TEST_JWT_SECRET } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { draftOrder } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { httpClient, subscribe, wsClient } from '../support/graphql-client';
import { dedicatedPostgres } from './support/dedicated-postgres';
import { changeOverHttp, changeOverWebSocket, CHANGE_QUANTITY, mismatchedAnswers, type Answer } from './support/order-writers';
import { printSummary } from './support/summary';
import { pause } from '../support/seeded-random';

/**
 * PostgreSQL stopped and started again while writers keep changing orders over HTTP and
 * WebSocket. Every answer matches what was recorded: a success has its event, an ACCEPTED has
 * its event, a SERVICE_UNAVAILABLE has none, and nothing else is answered (no internal error).
 * The server recovers by itself: health, mutations and subscriptions without a restart.
 */
let postgres: Awaited<ReturnType<typeof dedicatedPostgres>>;
let app: App;
let authorization: string;

beforeAll(async () => {
  postgres = await dedicatedPostgres('ordercast_chaos_restart');
  app = await startApp({ databaseUrl: postgres.url, port: 0, jwtSecret: TEST_JWT_SECRET, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), projectorPollMs: 200, limits: { mutationRateLimit: 0 } });
  authorization = `Bearer ${(await app.tokens.issue({ userId: newId(), shopId: 'demo', role: Role.ADMIN })).token}`;
});
afterAll(async () => {
  // The app's stop needs its database: bring it back if a failed test left it down.
  if (postgres && !postgres.running) await postgres.start();
  await app?.stop();
  await postgres?.remove();
}, 120_000);

const HTTP_WRITERS = 4;
const WS_WRITERS = 2;
describe('PostgreSQL restarted under load', () => {
  it('answers only what was recorded (success and ACCEPTED recorded, SERVICE_UNAVAILABLE not), never an internal error, and recovers by itself', async () => {
    const admin = httpClient(app.url, { authorization });
    const { variantId } = await createProduct(admin, { variants: [{ sku: 'PGR-1', amount: 700 }] });
    const writers = HTTP_WRITERS + WS_WRITERS;
    const orderIds = await Promise.all(Array.from({ length: writers }, () => draftOrder(admin, [{ variantId: variantId('PGR-1'), quantity: 1 }])));
    const sockets: Client[] = [];
    const answers: Answer[] = [];

    let phase: 'before' | 'down' | 'after' = 'before';
    let stopWriting = false;
    const okAfter = new Map<string, number>();
    const write = async (w: number) => {
      const orderId = orderIds[w]!;
      const socket = w >= HTTP_WRITERS ? wsClient(app.url, { authorization }) : undefined;
      if (socket) sockets.push(socket);
      for (let quantity = 2; !stopWriting; quantity++) {
        const answer = socket ? await changeOverWebSocket(socket, orderId, variantId('PGR-1'), quantity) : await changeOverHttp(app.url, authorization, orderId, variantId('PGR-1'), quantity);
        answers.push(answer);
        if (phase === 'after' && answer.outcome === 'ok') okAfter.set(orderId, (okAfter.get(orderId) ?? 0) + 1);
        await pause(answer.outcome === 'ok' ? 10 : 100);
      }
    };
    // Subscribers to every order, opened before the outage: pushes must come again after it.
    const watcher = wsClient(app.url, { authorization });
    sockets.push(watcher);
    const pushes = orderIds.map((id) => subscribe<{ orderUpdated: { version: number } }>(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { version } }', { id }));

    const writing = Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
    await expect.poll(() => answers.filter((a) => a.outcome === 'ok').length, { timeout: EVENTUALLY_MS }).toBeGreaterThanOrEqual(writers * 3);
    phase = 'down';
    const stoppedAt = Date.now();
    await postgres.stop();
    // Down long enough for every writer to be answered while it is.
    await expect.poll(() => new Set(answers.filter((a) => a.outcome === 'SERVICE_UNAVAILABLE').map((a) => a.orderId)).size, { timeout: EVENTUALLY_MS * 2 }).toBe(writers);
    await postgres.start();
    const downForMs = Date.now() - stoppedAt;
    phase = 'after';
    // Recovers by itself: every writer has changes answered again, on the same server and sockets.
    await expect.poll(() => orderIds.every((id) => (okAfter.get(id) ?? 0) >= 3), { timeout: EVENTUALLY_MS * 4, interval: 100 }).toBe(true);
    stopWriting = true;
    await writing;
    expect((await fetch(`${app.url}/health`)).status).toBe(200);

    // Subscriptions opened before the outage carry a change made after it.
    const last = await Promise.all(orderIds.map((o) => admin.data<{ changeOrderItemQuantity: { version: number } }>(CHANGE_QUANTITY, { o, v: variantId('PGR-1'), q: 1 })));
    await Promise.all(pushes.map((p, i) => p.waitFor((push) => push.data?.orderUpdated.version === last[i]!.changeOrderItemQuantity.version, EVENTUALLY_MS * 2)));

    // Every answer against the events.
    const mismatches = await mismatchedAnswers(app.db, answers);
    const byOutcome = (outcome: string) => answers.filter((a) => a.outcome === outcome).length;
    printSummary('postgres restart', {
      writers,
      'ms PostgreSQL was down (stop to started)': downForMs,
      answers: answers.length,
      ok: byOutcome('ok'),
      SERVICE_UNAVAILABLE: byOutcome('SERVICE_UNAVAILABLE'),
      ACCEPTED: byOutcome('ACCEPTED'),
      other: answers.length - byOutcome('ok') - byOutcome('SERVICE_UNAVAILABLE') - byOutcome('ACCEPTED'),
      'answers that do not match the events': mismatches.length,
      'subscriptions that resumed': pushes.length,
    });
    expect(mismatches).toEqual([]);
    // The server never went away: every request was answered.
    expect(answers.filter((a) => a.outcome === 'NO_ANSWER')).toEqual([]);
    for (const p of pushes) p.unsubscribe();
    await Promise.all(sockets.map((s) => s.dispose()));
  });
});
