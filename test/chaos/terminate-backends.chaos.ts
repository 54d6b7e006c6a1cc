import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/auth/roles';
import { checkout, draftOrder, stockedProduct } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';
import { subscribe, wsClient } from '../support/graphql-client';
import type { ServerProcess } from '../support/server-process';
import { changeOverHttp, changeOverWebSocket, CHANGE_QUANTITY, mismatchedAnswers, outcomes, type Answer } from './support/order-writers';
import { liveAndRebuilt } from './support/read-models';
import { clientOf, startNode } from './support/server-node';
import { duplicates } from './support/stock-ledger';
import { printSummary } from './support/summary';
import { pause } from '../support/seeded-random';

/**
 * Every connection the server holds to PostgreSQL (pool, LISTEN, process-manager leases) cut with
 * pg_terminate_backend, three times, while writers change orders, subscribers listen and
 * checkouts run. The server recovers without a restart: mutations succeed, subscriptions resume,
 * checkouts settle, projections catch up (read models equal a rebuild), and every answer given
 * matches what was recorded.
 */
let database: TestDatabase;
let node: ServerProcess | undefined;

beforeAll(async () => {
  // The test's own pool stays unused until the cuts are over: they cut every connection to the database.
  database = await createTestDatabase();
  node = await startNode(database.url);
});
afterAll(async () => {
  await node?.kill();
  await database?.drop();
});

const HTTP_WRITERS = 4;
const WS_WRITERS = 2;
const CHECKOUTS = 24;
const STOCK = 10;
const CUTS = 3;
describe('pg_terminate_backend on all of the server connections mid-load', () => {
  it('recovers by itself: mutations succeed, subscriptions resume, checkouts settle, projections catch up', async () => {
    const url = node!.url;
    const admin = await clientOf(url, Role.ADMIN);
    const { variantId } = await stockedProduct(admin.client, 'CUT-WH', { 'CUT-LINE': { amount: 300, stock: 1000 }, 'CUT-SCARCE': { amount: 900, stock: STOCK } });
    const line = variantId('CUT-LINE');
    const writers = HTTP_WRITERS + WS_WRITERS;
    const orderIds = await Promise.all(Array.from({ length: writers }, () => draftOrder(admin.client, [{ variantId: line, quantity: 1 }])));
    const customer = await clientOf(url, Role.CUSTOMER, randomUUID());
    const checkoutOrders = await Promise.all(Array.from({ length: CHECKOUTS }, () => draftOrder(customer.client, [{ variantId: variantId('CUT-SCARCE'), quantity: 1 }])));

    const sockets: Client[] = [];
    const watcher = wsClient(url, { authorization: admin.authorization });
    sockets.push(watcher);
    const pushes = orderIds.map((id) => subscribe<{ orderUpdated: { version: number } }>(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { version } }', { id }));

    const answers: Answer[] = [];
    let stopWriting = false;
    let cutsDone = 0;
    const okAfterLastCut = new Map<string, number>();
    const write = async (w: number) => {
      const orderId = orderIds[w]!;
      const socket = w >= HTTP_WRITERS ? wsClient(url, { authorization: admin.authorization }) : undefined;
      if (socket) sockets.push(socket);
      for (let quantity = 2; !stopWriting; quantity++) {
        const answer = socket ? await changeOverWebSocket(socket, orderId, line, quantity) : await changeOverHttp(url, admin.authorization, orderId, line, quantity);
        answers.push(answer);
        if (cutsDone === CUTS && answer.outcome === 'ok') okAfterLastCut.set(orderId, (okAfterLastCut.get(orderId) ?? 0) + 1);
        await pause(answer.outcome === 'ok' ? 5 : 100);
      }
    };
    const writing = Promise.all(Array.from({ length: writers }, (_, w) => write(w)));
    // Checkouts trickle in meanwhile: the process managers lose their connections mid-checkout too.
    const checkingOut = (async () => {
      const answered: unknown[] = [];
      for (const [i, orderId] of checkoutOrders.entries()) {
        // Sent again with its key until answered, as a client does after an error.
        for (let attempt = 0; ; attempt++) {
          const answer = await checkout(customer.client, orderId, 'tok_visa', `cut-${i}`);
          if (!answer.errors) break;
          if (attempt > 50) throw new Error(`checkout ${i} never answered: ${JSON.stringify(answer.errors)}`);
          await pause(100);
        }
        answered.push(orderId);
        await pause(50);
      }
      return answered.length;
    })();

    let terminated = 0;
    for (let cut = 0; cut < CUTS; cut++) {
      const okSoFar = answers.filter((a) => a.outcome === 'ok').length;
      await expect.poll(() => answers.filter((a) => a.outcome === 'ok').length, { timeout: EVENTUALLY_MS * 2 }).toBeGreaterThanOrEqual(okSoFar + writers * 2);
      await pause(Math.random() * 300);
      const { rows } = await database.admin<{ n: string }>('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [new URL(database.url).pathname.slice(1)]);
      terminated += Number(rows[0]!.n);
      cutsDone++;
    }
    // Mutations succeed again for every writer, over HTTP and WebSocket alike.
    await expect.poll(() => orderIds.every((id) => (okAfterLastCut.get(id) ?? 0) >= 3), { timeout: EVENTUALLY_MS * 4, interval: 100 }).toBe(true);
    stopWriting = true;
    await writing;
    expect(await checkingOut).toBe(CHECKOUTS);

    // Subscriptions opened before the cuts carry a change made after them.
    const last = await Promise.all(orderIds.map((o) => admin.client.data<{ changeOrderItemQuantity: { version: number } }>(CHANGE_QUANTITY, { o, v: line, q: 1 })));
    await Promise.all(pushes.map((p, i) => p.waitFor((push) => push.data?.orderUpdated.version === last[i]!.changeOrderItemQuantity.version, EVENTUALLY_MS * 2)));
    // Checkouts settle: exactly the stock placed, the rest out of stock, none twice.
    const db = database.db;
    await expect.poll(async () => Number((await db('checkouts').whereIn('order_id', checkoutOrders).whereIn('status', ['COMPLETED', 'FAILED']).count({ n: '*' }))[0]!.n), { timeout: EVENTUALLY_MS * 6, interval: 250 }).toBe(CHECKOUTS);
    const placed = Number((await db('orders').whereIn('id', checkoutOrders).where({ status: 'PLACED' }).count({ n: '*' }))[0]!.n);
    expect((await fetch(`${url}/ready`)).status).toBe(200);
    // CHAOS_DEBUG=1: the server's errors, to explain an answer that does not match.
    if (process.env.CHAOS_DEBUG) console.log(JSON.stringify(node!.logs.filter((l) => l.level >= 50)));
    await node!.stop();
    node = undefined;

    const mismatches = await mismatchedAnswers(db, answers);
    const doubleReservations = await duplicates(db, 'StockReserved', 'orderId');
    const doubleAuthorizations = await duplicates(db, 'PaymentAuthorized', 'stream_id');
    const parked = Number((await db('parked_events').whereNull('resolved_at').count({ n: '*' }))[0]!.n);
    const { live, rebuilt } = await liveAndRebuilt(db);
    printSummary('terminate backends', {
      cuts: CUTS,
      'server connections terminated': terminated,
      writers,
      answers: answers.length,
      ...outcomes(answers),
      'answers that do not match the events': mismatches.length,
      'subscriptions that resumed': pushes.length,
      checkouts: CHECKOUTS,
      placed,
      'double reservations': doubleReservations.length,
      'double authorizations': doubleAuthorizations.length,
      'parked events': parked,
    });
    expect(terminated).toBeGreaterThanOrEqual(CUTS * 2);
    expect(mismatches).toEqual([]);
    expect(placed).toBe(STOCK);
    expect(doubleReservations).toEqual([]);
    expect(doubleAuthorizations).toEqual([]);
    expect(parked).toBe(0);
    expect(rebuilt).toEqual(live);
    for (const p of pushes) p.unsubscribe();
    await Promise.all(sockets.map((s) => s.dispose()));
  });
});
