import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/auth/roles';
import { checkout, draftOrder, stockedProduct } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import type { HttpClient } from '../support/graphql-client';
import type { ServerProcess } from '../support/server-process';
import { liveAndRebuilt } from './support/read-models';
import { clientOf, startNode } from './support/server-node';
import { countOf, duplicates, stockLedger } from './support/stock-ledger';
import { printSummary } from './support/summary';
import { pause, seededRandom } from '../support/seeded-random';

/**
 * A stream of checkouts against a real server process, SIGKILLed at a random moment five times
 * and restarted on the same database each time; clients retry what got no answer with the same
 * idempotency key, as a client would. Afterwards: no double reservation, authorization or capture,
 * stock never below zero, every checkout settled, and read models equal to a rebuild from the events.
 */
let database: TestDatabase;
let node: ServerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await node?.kill();
  await database?.drop();
});

const SKU = 'KILL-SKU';
const STOCK = 30;
const ORDERS = 80;
const CUSTOMERS = 10;
const CYCLES = 5;
const SENDERS = 8;
const t0 = Date.now();
/** CHAOS_DEBUG=1 prints the stream's progress. */
const progress = (what: string) => process.env.CHAOS_DEBUG && console.log(`${Date.now() - t0} ms: ${what}`);

// Six server starts (about 10 s each on a loaded 2-core machine) take most of the time.
describe('SIGKILL during a checkout stream', { timeout: 240_000 }, () => {
  it('five kills and restarts: no double reservation, authorization or capture; stock never negative; none stuck; read models equal a rebuild', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const next = seededRandom(seed);
    const port = await freePort();
    node = await startNode(database.url, {}, port);

    const admin = await clientOf(node.url, Role.ADMIN);
    const { variantId } = await stockedProduct(admin.client, 'KILL-WH', { [SKU]: { amount: 1500, stock: STOCK } });
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => clientOf(node!.url, Role.CUSTOMER, randomUUID())));
    // Each customer makes its drafts one after the other, the customers side by side.
    const orders: { orderId: string; client: HttpClient; key: string }[] = [];
    await Promise.all(
      customers.map(async ({ client }, c) => {
        for (let i = c; i < ORDERS; i += CUSTOMERS) orders.push({ orderId: await draftOrder(client, [{ variantId: variantId(SKU), quantity: 1 }]), client, key: `kill-${i}` });
      }),
    );

    progress('drafts made');
    // The stream: senders take the next checkout; one that gets no answer goes back in the queue
    // and is sent again, with its key, to the next server.
    const queue = [...orders];
    let answered = 0;
    let unanswered = 0;
    let retried = 0;
    const sentOnce = new Set<string>();
    /** Sends checkouts from the queue while `more()` says so. */
    const send = async (more: () => boolean = () => true) => {
      while (more()) {
        const order = queue.shift();
        if (!order) return;
        if (sentOnce.has(order.orderId)) retried++;
        sentOnce.add(order.orderId);
        const answer = await checkout(order.client, order.orderId, 'tok_visa', order.key).catch(() => undefined);
        if (answer && !answer.errors) answered++;
        else {
          // No answer (the server died under it) or a refusal while it died: sent again later.
          unanswered++;
          queue.push(order);
          return;
        }
        await pause(next() * 60);
      }
    };

    // Each kill comes at a random point of the stream, counted in checkouts answered since the
    // start (a fixed delay would land before or after the stream on a faster or slower machine),
    // then a random part of a checkout's time later: with eight senders, requests are in flight.
    const answeredAtKill: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const from = answered;
      // Each cycle takes at most its share of what is left, so the stream cannot run dry before
      // the last kill however fast the server answers.
      const share = Math.floor(queue.length / (CYCLES + 1 - cycle));
      const senders = Array.from({ length: SENDERS }, () => send(() => answered - from < share));
      const target = Math.min(2 + Math.floor(next() * 8), share);
      await expect.poll(() => answered - from, { timeout: 60_000, interval: 5 }).toBeGreaterThanOrEqual(target);
      await pause(next() * 150);
      answeredAtKill.push(answered - from);
      await node.kill();
      await Promise.all(senders);
      progress(`cycle ${cycle}: killed after ${answeredAtKill.at(-1)} answers, ${queue.length} queued, ${answered} answered`);
      node = await startNode(database.url, {}, port);
      progress('restarted');
    }
    // After the last restart the rest of the stream, and every retry, goes through.
    while (queue.length) await Promise.all(Array.from({ length: SENDERS }, () => send()));

    progress('stream sent');
    // None stuck: every checkout reaches a final state on the last server.
    const db = database.db;
    const settled = async () => Number((await db('checkouts').whereIn('order_id', orders.map((o) => o.orderId)).whereIn('status', ['COMPLETED', 'FAILED']).count({ n: '*' }))[0]!.n);
    await expect.poll(settled, { timeout: 90_000, interval: 250 }).toBe(ORDERS);
    const placed = Number((await db('orders').whereIn('id', orders.map((o) => o.orderId)).where({ status: 'PLACED' }).count({ n: '*' }))[0]!.n);
    const failures = await db('checkouts').whereIn('order_id', orders.map((o) => o.orderId)).where({ status: 'FAILED' }).pluck('failure_reason');
    const { stockLevel } = await admin.client.data<{ stockLevel: { onHand: number; reserved: number } }>('query($s: String!) { stockLevel(sku: $s) { onHand reserved } }', { s: SKU });
    await node.stop();
    node = undefined;

    // Never twice: per order one reservation and one payment; per payment one authorization, one capture.
    const doubleReservations = await duplicates(db, 'StockReserved', 'orderId');
    const doublePayments = await duplicates(db, 'PaymentCreated', 'orderId');
    const doubleAuthorizations = await duplicates(db, 'PaymentAuthorized', 'stream_id');
    const doubleCaptures = await duplicates(db, 'PaymentCaptured', 'stream_id');
    const ledger = await stockLedger(db, SKU);
    const parked = Number((await db('parked_events').whereNull('resolved_at').count({ n: '*' }))[0]!.n);
    const { live, rebuilt, events } = await liveAndRebuilt(db);

    printSummary('sigkill', {
      seed,
      cycles: CYCLES,
      'checkouts answered before each kill': answeredAtKill.join('/'),
      checkouts: ORDERS,
      'answered': answered,
      'sent again after a kill': retried,
      placed,
      'out of stock': failures.filter((f) => f === 'OUT_OF_STOCK').length,
      'other failures': failures.filter((f) => f !== 'OUT_OF_STOCK').length,
      reservations: await countOf(db, 'StockReserved'),
      authorizations: await countOf(db, 'PaymentAuthorized'),
      captures: await countOf(db, 'PaymentCaptured'),
      'double reservations': doubleReservations.length,
      'double authorizations': doubleAuthorizations.length,
      'double captures': doubleCaptures.length,
      'lowest available': ledger.lowest.available,
      'events replayed by the rebuild': events,
    });
    expect(unanswered, 'the kills cut no request short: the stream was not under way').toBeGreaterThanOrEqual(CYCLES);
    expect(doubleReservations).toEqual([]);
    expect(doublePayments).toEqual([]);
    expect(doubleAuthorizations).toEqual([]);
    expect(doubleCaptures).toEqual([]);
    expect(placed).toBe(STOCK);
    expect(failures).toEqual(Array(ORDERS - STOCK).fill('OUT_OF_STOCK'));
    expect(ledger.lowest).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect(ledger.onHand).toBe(ledger.received - ledger.committed);
    expect(stockLevel).toEqual({ onHand: ledger.onHand, reserved: ledger.reserved });
    expect(parked).toBe(0);
    expect(rebuilt).toEqual(live);
  });
});
