import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { Role } from '../../server/src/auth/roles';
import { createProduct } from '../support/catalog-fixtures';
import { draftOrder } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';
import { wsClient } from '../support/graphql-client';
import { rawSocket } from '../support/raw-socket';
import type { ServerProcess } from '../support/server-process';
import { clientOf, metric, residentBytes, startNode } from './support/server-node';
import { percentile, printSummary } from './support/summary';

/**
 * A client that subscribes as much as it may and then never reads: the server drops it once what
 * waits for it passes WS_MAX_BUFFERED_BYTES, its memory stays bounded meanwhile, and the other
 * subscribers' pushes keep their latency.
 */
let database: TestDatabase;
let node: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  node = await startNode(database.url);
});
afterAll(async () => {
  await node?.kill();
  await database?.drop();
});

const HEAVY_ORDER = `subscription($id: ID!) { orderUpdated(orderId: $id) { id version status
  items { sku productName variantName quantity unitPrice { amount currency } lineTotal { amount currency } } total { amount currency } } }`;
const CHANGE = 'mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { version } }';
const HEALTHY = 5;
const SLOW_OPERATIONS = 95;

describe('a WebSocket client that never reads', () => {
  it('is dropped; the server stays within its memory and the other subscribers are not delayed', async () => {
    const admin = await clientOf(node.url, Role.ADMIN);
    // Big pushes: an order of 25 lines with long names, about 10 kB a push.
    const skus = Array.from({ length: 25 }, (_, i) => `SLOW-${i}`);
    const { variantId } = await createProduct(admin.client, {
      name: `A product with a long name ${'x'.repeat(150)}`,
      variants: skus.map((sku) => ({ sku, name: `${sku} ${'y'.repeat(150)}`, amount: 100 })),
    });
    const orderId = await draftOrder(admin.client, skus.map((sku) => ({ variantId: variantId(sku), quantity: 1 })));
    const changed = variantId(skus[0]!);

    // The other subscribers: when each version reached each of them.
    const arrivals = new Map<number, number[]>();
    const healthy: Client[] = [];
    for (let i = 0; i < HEALTHY; i++) {
      const client = wsClient(node.url, { authorization: admin.authorization });
      healthy.push(client);
      client.subscribe<{ orderUpdated: { version: number } }>(
        { query: 'subscription($id: ID!) { orderUpdated(orderId: $id) { version } }', variables: { id: orderId } },
        { next: (push) => arrivals.set(push.data!.orderUpdated.version, [...(arrivals.get(push.data!.orderUpdated.version) ?? []), Date.now()]), error: () => {}, complete: () => {} },
      );
    }
    let quantity = 1;
    const changeOnce = async () =>
      (await admin.client.data<{ changeOrderItemQuantity: { version: number } }>(CHANGE, { o: orderId, v: changed, q: ++quantity })).changeOrderItemQuantity.version;
    /** One change; its latency: sent → the last of the other subscribers has its push. */
    const change = async (): Promise<number> => {
      const sent = Date.now();
      const version = await changeOnce();
      await expect.poll(() => arrivals.get(version)?.length ?? 0, { timeout: EVENTUALLY_MS, interval: 5 }).toBe(HEALTHY);
      return Math.max(...arrivals.get(version)!) - sent;
    };
    // graphql-ws does not say when a subscription listens: changes until one reaches them all.
    await expect.poll(async () => arrivals.get(await changeOnce())?.length ?? 0, { timeout: EVENTUALLY_MS * 2, interval: 100 }).toBe(HEALTHY);
    const healthyListeners = await metric(node.url, 'ordercast_subscriptions');

    const before: number[] = [];
    for (let i = 0; i < 20; i++) before.push(await change());

    const slow = rawSocket(node.url, { authorization: admin.authorization });
    expect(await slow.acknowledged).toBe(true);
    for (let i = 0; i < SLOW_OPERATIONS; i++) slow.subscribe(`slow-${i}`, HEAVY_ORDER, { id: orderId });
    const pushedToSlow = (version: number) => new Set(slow.messages.filter((m) => m.type === 'next' && (m.payload as any).data?.orderUpdated.version === version).map((m) => m.id)).size;
    await expect.poll(async () => pushedToSlow(await changeOnce()), { timeout: EVENTUALLY_MS * 2, interval: 100 }).toBe(SLOW_OPERATIONS);
    // What the subscriptions themselves cost is in the baseline: only what not reading costs is measured.
    const baselineRss = residentBytes(node.child.pid!);
    // From here on the client reads nothing: the kernel's buffers fill, then the server's.
    (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();

    const during: number[] = [];
    let peakRss = baselineRss;
    const dropped = () => node.logs.find((line) => line.msg === 'WebSocket dropped: its client does not read what it is sent');
    while (!dropped()) {
      if (during.length >= 300) throw new Error('the client that never reads was not dropped after 300 changes');
      during.push(await change());
      peakRss = Math.max(peakRss, residentBytes(node.child.pid!));
    }
    const changesUntilDropped = during.length;
    // And after the drop, the others go on as before.
    for (let i = 0; i < 20; i++) {
      during.push(await change());
      peakRss = Math.max(peakRss, residentBytes(node.child.pid!));
    }
    // The dropped socket is gone on both ends: the client sees the close once it reads again.
    (slow.ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
    await slow.closed;
    await expect.poll(() => metric(node.url, 'ordercast_subscriptions'), { timeout: EVENTUALLY_MS }).toBe(healthyListeners);
    await Promise.all(healthy.map((c) => c.dispose()));

    const bufferedBytes = dropped()!.bufferedBytes as number;
    const growthMb = (peakRss - baselineRss) / 2 ** 20;
    const [baselineP95, duringP95] = [percentile(before, 0.95), percentile(during, 0.95)];
    printSummary('slow consumer', {
      'changes before the drop': changesUntilDropped,
      'bytes buffered when dropped': bufferedBytes,
      'MB server memory growth at peak': growthMb.toFixed(1),
      'ms push p95 before': baselineP95,
      'ms push p95 with the slow client': duringP95,
      'ms push max with the slow client': Math.max(...during),
    });
    expect(bufferedBytes).toBeGreaterThan(1024 * 1024);
    expect(growthMb).toBeLessThan(64);
    expect(duringP95).toBeLessThanOrEqual(3 * baselineP95 + 200);
  });
});
