import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../server/src/auth/roles';
import { TokenService } from '../../server/src/auth/tokens';
import { TEST_JWT_SECRET } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';
import { freePort } from '../support/free-port';
import { httpClient, subscribe, wsClient } from '../support/graphql-client';
import { allProjections } from '../../server/src/app/contexts';
import { checkout, draftOrder, stockedProduct } from '../support/checkout-fixtures';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * Several real server processes on one database, as a deployment runs them: the process managers'
 * buckets spread over the live nodes, pushes cross nodes, and a node killed mid-storm leaves no
 * checkout behind.
 */
let database: TestDatabase;
const nodes: ServerProcess[] = [];
const tokens = new TokenService(TEST_JWT_SECRET, 3600);

async function startNode(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const node = await startServerProcess(
    {
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      SEED_DEMO: 'false',
      PROCESS_BUCKETS: '4',
      PROJECTOR_POLL_MS: '200',
      DATABASE_POOL_MAX: '10',
      MUTATION_RATE_LIMIT: '0',
      ...env,
    },
    await freePort(),
  );
  nodes.push(node);
  return node;
}

async function clientOf(node: ServerProcess, role: Role, userId: string = randomUUID()) {
  const { token } = await tokens.issue({ userId, shopId: 'demo', role });
  return { client: httpClient(node.url, { authorization: `Bearer ${token}` }), authorization: `Bearer ${token}` };
}

async function projectionsHeld(node: ServerProcess): Promise<number> {
  const match = /^ordercast_projections_held (\d+)$/m.exec(await (await fetch(`${node.url}/metrics`)).text());
  return match ? Number(match[1]) : -1;
}

async function bucketsHeld(node: ServerProcess): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  const match = /^ordercast_process_buckets_held\{manager="process:checkout"\} (\d+)$/m.exec(text);
  return match ? Number(match[1]) : -1;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await Promise.all([startNode(), startNode()]);
}, 120_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  await database.drop();
});

describe('several nodes on one database', { timeout: 180_000 }, () => {
  it("spreads each process manager's buckets over the live nodes", async () => {
    const [a, b] = nodes;
    await expect.poll(async () => [await bucketsHeld(a!), await bucketsHeld(b!)], { timeout: 20_000, interval: 250 }).toEqual([2, 2]);
    // Each node recounts the live ones now and then: the figure follows.
    await expect.poll(async () => (await fetch(`${a!.url}/metrics`)).text(), { timeout: 20_000, interval: 250 }).toMatch(/^ordercast_live_nodes 2$/m);
  });

  it('shares the projections out: each runs on one node, half of them on each', async () => {
    const [a, b] = nodes;
    await expect.poll(async () => [await projectionsHeld(a!), await projectionsHeld(b!)], { timeout: 20_000, interval: 250 }).toSatisfy(
      ([onA, onB]: number[]) => onA! + onB! === allProjections.length && Math.abs(onA! - onB!) <= 1,
    );
  });

  it('pushes a change made on one node to a subscriber on another', async () => {
    const [a, b] = nodes;
    const customer = randomUUID();
    const onA = await clientOf(a!, Role.CUSTOMER, customer);
    const admin = await clientOf(a!, Role.ADMIN);
    const { variantId } = await stockedProduct(admin.client, 'PUSH-1', { 'PUSH-SKU': { amount: 900, stock: 100 } });
    const orderId = await draftOrder(onA.client, [{ variantId: variantId('PUSH-SKU'), quantity: 1 }]);
    const watcher = wsClient(b!.url, { authorization: (await clientOf(b!, Role.CUSTOMER, customer)).authorization });
    const pushes = subscribe(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id version } }', { id: orderId });
    try {
      // Changes keep coming on node A until node B pushes one: the first push proves the path.
      const deadline = Date.now() + EVENTUALLY_MS * 2;
      for (let quantity = 2; pushes.received.length === 0; quantity++) {
        if (Date.now() > deadline) throw new Error('no push reached node B');
        await onA.client.data('mutation($o: ID!, $v: ID!, $q: Int!) { changeOrderItemQuantity(orderId: $o, variantId: $v, quantity: $q) { version } }', { o: orderId, v: variantId('PUSH-SKU'), q: quantity });
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(pushes.received[0]!.data?.orderUpdated.id).toBe(orderId);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('runs a checkout storm split over three nodes, one of them killed mid-storm: no oversell, no double reservation or authorization, none stuck', async () => {
    const third = await startNode();
    const [a, b] = nodes;
    const STOCK = 8;
    const ORDERS = 20;
    const admin = await clientOf(a!, Role.ADMIN);
    const { variantId } = await stockedProduct(admin.client, 'STORM-N', { 'STORM-N-SKU': { amount: 1100, stock: STOCK } });
    // Clients talk to the nodes that survive; node A does its share of the checkout work until it dies.
    const entry = [b!, third];
    const customers = await Promise.all(Array.from({ length: ORDERS }, (_, i) => clientOf(entry[i % 2]!, Role.CUSTOMER)));
    const orderIds = await Promise.all(customers.map((c) => draftOrder(c.client, [{ variantId: variantId('STORM-N-SKU'), quantity: 1 }])));
    // Node A holds buckets of work (every node holds its share): it is the one killed.
    await expect.poll(() => bucketsHeld(a!), { timeout: 20_000, interval: 250 }).toBeGreaterThan(0);

    const answers = Promise.all(orderIds.map((orderId, i) => checkout(customers[i]!.client, orderId, 'tok_visa', `storm-n-${i}`)));
    // Kill node A once the storm is under way: some checkouts finished, others still in flight.
    await expect.poll(() => countCheckouts(orderIds, ['COMPLETED', 'FAILED']), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    await a!.kill();
    for (const answer of await answers) expect(answer.errors).toBeUndefined();

    // Every checkout settles on the surviving nodes (those sent to node A before it died included).
    const survivors = [b!, third];
    await expect.poll(() => countCheckouts(orderIds, ['COMPLETED', 'FAILED']), { timeout: 120_000, interval: 250 }).toBe(ORDERS);
    expect(await countCheckouts(orderIds, ['COMPLETED'])).toBe(STOCK);
    const db = database.db;
    const failures = await db('checkouts').whereIn('order_id', orderIds).where({ status: 'FAILED' }).select('failure_reason');
    expect(failures.every((f) => f.failure_reason === 'OUT_OF_STOCK')).toBe(true);
    // Never oversold: the stream's own totals and the read model agree on zero available.
    const reservedPerOrder = await db('events').where({ event_type: 'StockReserved' }).whereRaw("data->>'sku' = ?", ['STORM-N-SKU']).select(db.raw("data->>'orderId' AS order_id")).count('* as n').groupByRaw("data->>'orderId'");
    expect(reservedPerOrder).toHaveLength(STOCK);
    expect(reservedPerOrder.every((r) => Number(r.n) === 1)).toBe(true);
    const paymentsPerOrder = await db('events').where({ event_type: 'PaymentCreated' }).whereRaw("data->>'orderId' = ANY(?)", [orderIds]).select(db.raw("data->>'orderId' AS order_id")).count('* as n').groupByRaw("data->>'orderId'");
    expect(paymentsPerOrder.every((r) => Number(r.n) === 1)).toBe(true);
    const authorizationsPerPayment = await db('events').where({ event_type: 'PaymentAuthorized' }).select('stream_id').count('* as n').groupBy('stream_id');
    expect(authorizationsPerPayment.every((r) => Number(r.n) === 1)).toBe(true);
    // The orders read model gets there too, whichever node ran it: one node A held is taken over
    // once the survivors count it gone (the checkouts read model above may run elsewhere).
    await expect.poll(async () => db('orders').whereIn('id', orderIds).where({ status: 'PLACED' }).count('* as n'), { timeout: 20_000, interval: 250 }).toEqual([{ n: STOCK }]);
    // The survivors took node A's buckets and projections over.
    await expect.poll(async () => (await bucketsHeld(survivors[0]!)) + (await bucketsHeld(survivors[1]!)), { timeout: 20_000, interval: 250 }).toBe(4);
    await expect.poll(async () => (await projectionsHeld(survivors[0]!)) + (await projectionsHeld(survivors[1]!)), { timeout: 20_000, interval: 250 }).toBe(allProjections.length);
  });

  it('splits API and workers by ROLE: an api node runs no process manager and does not count in the share-out; a worker serves no API', async () => {
    const api = await startNode({ ROLE: 'api' });
    const worker = await startNode({ ROLE: 'worker' });
    const graphql = await fetch(`${worker.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(graphql.status).toBe(404);
    expect((await fetch(`${worker.url}/health`)).status).toBe(200);
    expect(await (await httpClient(api.url).data<{ __typename: string }>('{ __typename }')).__typename).toBe('Query');
    // The api node holds nothing; the three workers (two full nodes and the worker) share the four
    // buckets out, at most two each (the fair share rounds up, so one of them may hold none).
    await expect.poll(async () => [await bucketsHeld(api), ...(await Promise.all(nodes.slice(1).filter((n) => n !== api).map(bucketsHeld)))], { timeout: 20_000, interval: 250 }).toSatisfy(
      // -1: the api node has no such series at all (it runs no process manager).
      (held: number[]) => held[0] === -1 && held.slice(1).reduce((a, b) => a + b, 0) === 4 && held.slice(1).every((h) => h <= 2),
    );
    await expect.poll(async () => (await fetch(`${api.url}/metrics`)).text(), { timeout: 20_000, interval: 250 }).toMatch(/^ordercast_live_nodes 3$/m);
    // Nor does it run projections: its mutations answer with their own write from the workers'.
    expect(await projectionsHeld(api)).toBe(0);
    const admin = await clientOf(api, Role.ADMIN);
    const { variantId } = await stockedProduct(admin.client, 'API-ONLY-1', { 'API-ONLY-SKU': { amount: 500, stock: 3 } });
    const customer = (await clientOf(api, Role.CUSTOMER)).client;
    const orderId = await draftOrder(customer, [{ variantId: variantId('API-ONLY-SKU'), quantity: 2 }]);
    const { order } = await customer.data<{ order: { items: { quantity: number }[] } }>('query($id: ID!) { order(id: $id) { items { quantity } } }', { id: orderId });
    expect(order.items).toEqual([{ quantity: 2 }]);
  });
});

async function countCheckouts(orderIds: string[], statuses: string[]): Promise<number> {
  const [row] = await database.db('checkouts').whereIn('order_id', orderIds).whereIn('status', statuses).count('* as n');
  return Number(row!.n);
}
