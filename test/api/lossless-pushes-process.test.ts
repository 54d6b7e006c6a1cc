import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../server/src/auth/tokens';
import { Role } from '../../server/src/auth/roles';
import { newId } from '../../server/src/shared/ids';
import { TEST_JWT_SECRET } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { httpClient, subscribe, wsClient } from '../support/graphql-client';
import { startServerProcess, type ServerProcess } from '../support/server-process';

let database: TestDatabase;
let server: ServerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await server?.kill();
  await database.drop();
});

const ORDER_UPDATED = 'subscription($id: ID!, $after: Int) { orderUpdated(orderId: $id, after: $after) { id version position } }';
const ADD_ITEM = 'mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { version } }';

describe('a server process killed under an open subscription', () => {
  it('pushes a change made right after the restarted process answers /health to the client that resumes with after', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: database.url, JWT_SECRET: TEST_JWT_SECRET, PROJECTOR_POLL_MS: '1000' };
    server = await startServerProcess(env, port);
    const { token } = await new TokenService(TEST_JWT_SECRET, 3600).issue({ userId: newId(), shopId: 'demo', role: Role.CUSTOMER });
    const authorization = `Bearer ${token}`;
    const client = httpClient(server.url, { authorization });
    const { products } = await client.data<{ products: { edges: { node: { variants: { id: string }[] } }[] } }>('{ products(first: 1) { edges { node { variants { id } } } } }');
    const variantId = products.edges[0]!.node.variants[0]!.id;
    const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');

    const before = wsClient(server.url, { authorization });
    const pushes = subscribe<{ orderUpdated: { version: number; position: number } }>(before, ORDER_UPDATED, { id: createOrder.id, after: 0 });
    await pushes.waitFor((p) => p.data?.orderUpdated.version === 1);
    await client.data(ADD_ITEM, { o: createOrder.id, v: variantId });
    const last = (await pushes.waitFor((p) => p.data?.orderUpdated.version === 2)).data!.orderUpdated;

    await server.kill();
    pushes.unsubscribe();
    await before.dispose();

    // The same port and database, as a supervisor restarts a crashed process. The change is made
    // the moment /health answers, before the client has resubscribed: no live push can bring it.
    const restarted = startServerProcess(env, port);
    restarted.catch(() => {});
    await expect.poll(() => fetch(`http://localhost:${port}/health`).then((r) => r.status, () => 0), { timeout: 90_000, interval: 20 }).toBe(200);
    const { addOrderItem } = await client.data<{ addOrderItem: { version: number } }>(ADD_ITEM, { o: createOrder.id, v: variantId });
    const resumedWs = wsClient(`http://localhost:${port}`, { authorization });
    const resumed = subscribe<{ orderUpdated: { version: number; position: number } }>(resumedWs, ORDER_UPDATED, { id: createOrder.id, after: last.position });
    try {
      expect(addOrderItem.version).toBe(3);
      const pushed = await resumed.waitFor((p) => p.data?.orderUpdated.version === 3, 30_000);
      expect(pushed.data!.orderUpdated.position).toBeGreaterThan(last.position);
      // Only what the client did not have.
      expect(resumed.received.map((p) => p.data?.orderUpdated.version)).toEqual([3]);
    } finally {
      resumed.unsubscribe();
      await resumedWs.dispose();
      server = await restarted;
    }
  }, 240_000);
});
