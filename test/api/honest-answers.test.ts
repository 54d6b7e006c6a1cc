import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { createErrorFormatter } from '../../server/src/graphql/errors';
import { ProjectionTimeoutError } from '../../server/src/projector/projector';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';

/**
 * Issue 11, "Found 2" (first bullet): a mutation whose events were recorded answered
 * INTERNAL_SERVER_ERROR when its read model lagged past the wait, so a client retried and made the
 * change twice. Now it answers ACCEPTED with the change's log position.
 */

const CREATE_WAREHOUSE = 'mutation($input: CreateWarehouseInput!) { createWarehouse(input: $input) { id } }';
const RECEIVE = 'mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { sku onHand } }';
const STOCK_LEVEL = 'query($sku: String!) { stockLevel(sku: $sku) { onHand } }';
const CREATE_ORDER = 'mutation { createOrder { id } }';

/** How long a mutation waits for its read model in these tests: shorter than the default, long enough for the setup's own mutations on a loaded machine. */
const WAIT_MS = 2_000;

let testApp: TestApp;
let warehouseId: string;

/**
 * Holds the projection's checkpoint lock from a session of the test's own: the projection's next
 * batch waits for it, so the read model stalls while appends go on, as when it lags or is stuck.
 */
async function holdProjection(name: string): Promise<{ release(): Promise<void> }> {
  const session = new pg.Client({ connectionString: testApp.database.url });
  await session.connect();
  await session.query("SELECT pg_advisory_lock(hashtext('ordercast.checkpoint'), hashtext($1))", [name]);
  return { release: () => session.end() };
}

async function eventsOfType(type: string, where: { field: string; value: string }) {
  return testApp.database.db('events').where({ event_type: type }).whereRaw('data->>? = ?', [where.field, where.value]).select('global_position');
}

async function positionOf(extensions: Record<string, unknown>): Promise<{ transactionId: string; position: number }> {
  const row = await testApp.database.db('events').where({ global_position: extensions.position }).first(testApp.database.db.raw('transaction_id::text AS transaction_id'));
  return { transactionId: row.transaction_id, position: Number(extensions.position) };
}

beforeAll(async () => {
  testApp = await startTestApp({ readAfterWriteTimeoutMs: WAIT_MS });
  await createProduct(testApp.client, { variants: [{ sku: 'HONEST-SKU', amount: 100 }, { sku: 'HONEST-FAST', amount: 100 }] });
  ({ createWarehouse: { id: warehouseId } } = await testApp.client.data<{ createWarehouse: { id: string } }>(CREATE_WAREHOUSE, { input: { code: 'HONEST-1', name: 'Honest' } }));
});
afterAll(() => testApp?.stop());

describe('a recorded change whose read model lags answers ACCEPTED with its position, never an error that invites a retry', () => {
  it('receiveStock and createWarehouse while the inventory read model is held: ACCEPTED, each recorded once, and shown once the read model moves', async () => {
    const held = await holdProjection('inventory');
    const timed = async (query: string, variables: Record<string, unknown>) => {
      const started = Date.now();
      const result = await testApp.client.request(query, variables);
      return { ...result, ms: Date.now() - started };
    };
    let received: Awaited<ReturnType<typeof timed>>;
    let created: typeof received;
    try {
      received = await timed(RECEIVE, { input: { sku: 'HONEST-SKU', warehouseId, quantity: 7 } });
      created = await timed(CREATE_WAREHOUSE, { input: { code: 'HONEST-2', name: 'Honest two' } });
    } finally {
      await held.release();
    }

    expect(received.errors).toHaveLength(1);
    expect(received.errors![0]!.message).toMatch(/recorded.*not caught up/);
    expect(received.errors![0]!.extensions).toMatchObject({ code: 'ACCEPTED', what: 'SKU', id: 'HONEST-SKU' });
    expect(created.errors).toHaveLength(1);
    expect(created.errors![0]!.extensions).toMatchObject({ code: 'ACCEPTED', what: 'Warehouse' });
    // Each answer came after the configured wait, not after the 30 s the issue saw.
    expect(received.ms).toBeLessThan(WAIT_MS + EVENTUALLY_MS);
    expect(created.ms).toBeLessThan(WAIT_MS + EVENTUALLY_MS);

    // Each change is in the log exactly once, at the position the answer names.
    const receipts = await eventsOfType('StockReceived', { field: 'sku', value: 'HONEST-SKU' });
    expect(receipts.map((r) => Number(r.global_position))).toEqual([received.errors![0]!.extensions!.position]);
    // A warehouse's append also claims its code: the position is that of the append's last event.
    const warehouses = await eventsOfType('WarehouseCreated', { field: 'warehouseId', value: created.errors![0]!.extensions!.id });
    expect(warehouses).toHaveLength(1);
    expect(Number(warehouses[0]!.global_position)).toBeLessThanOrEqual(created.errors![0]!.extensions!.position);
    expect(await eventsOfType('WarehouseCreated', { field: 'code', value: 'HONEST-2' })).toHaveLength(1);

    // Let go, the read model applies the receipt, and a query shows it.
    await testApp.app.projector.waitFor('inventory', await positionOf(received.errors![0]!.extensions!), EVENTUALLY_MS);
    const { stockLevel } = await testApp.client.data<{ stockLevel: { onHand: number } }>(STOCK_LEVEL, { sku: 'HONEST-SKU' });
    expect(stockLevel.onHand).toBe(7);
  });

  it('createOrder while the orders read model is held: ACCEPTED naming the order, over HTTP 200 (not a 5xx: nothing failed)', async () => {
    const held = await holdProjection('orders');
    let response: Response;
    try {
      response = await fetch(`${testApp.app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: testApp.adminAuthorization },
        body: JSON.stringify({ query: CREATE_ORDER }),
      });
    } finally {
      await held.release();
    }
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors: { extensions: Record<string, any> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'ACCEPTED', what: 'Order' });
    const orderId = body.errors[0]!.extensions.id as string;
    const created = await eventsOfType('OrderCreated', { field: 'orderId', value: orderId });
    expect(created.map((r) => Number(r.global_position))).toEqual([body.errors[0]!.extensions.position]);

    await testApp.app.projector.waitFor('orders', await positionOf(body.errors[0]!.extensions), EVENTUALLY_MS);
    const { order } = await testApp.client.data<{ order: { id: string; status: string } }>('query($id: ID!) { order(id: $id) { id status } }', { id: orderId });
    expect(order).toEqual({ id: orderId, status: 'DRAFT' });
  });

  it('answers from the read model as before when it keeps up', async () => {
    const { receiveStock } = await testApp.client.data<{ receiveStock: { onHand: number } }>(RECEIVE, { input: { sku: 'HONEST-FAST', warehouseId, quantity: 3 } });
    expect(receiveStock.onHand).toBe(3);
  });
});

describe('the error policy', () => {
  it('answers ACCEPTED with the position for a wait on the projector that timed out outside awaitRecorded (a resolver waiting on its own)', () => {
    const format = createErrorFormatter(createLogger('silent'));
    const timedOut = new ProjectionTimeoutError('orders', { transactionId: '812', position: 42 });
    const formatted = format({ message: timedOut.message, path: ['createOrder'] }, timedOut);
    expect(formatted.extensions).toEqual({ code: 'ACCEPTED', position: 42 });
    expect(formatted.path).toEqual(['createOrder']);
  });
});
