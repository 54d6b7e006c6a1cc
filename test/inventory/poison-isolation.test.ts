import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockStreamId } from '../../server/src/inventory/events';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockUp } from '../support/checkout-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import type { HttpClient } from '../support/graphql-client';

/**
 * Issue 11, "read models cannot be frozen by one shop": an event in shop A that the inventory
 * projection cannot apply is retried a few times, then parked, and shop B's inventory mutations
 * (which answer from that projection) still answer at once with their data.
 */
const RECEIVE = 'mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku onHand } }';
const PROJECTIONS = '{ projections { name status parked { projection position type streamId error attempts } } }';

let testApp: TestApp;
let shopB: HttpClient;
let warehouseA: string;

beforeAll(async () => {
  testApp = await startTestApp();
  await createProduct(testApp.client, { variants: [{ sku: 'POISON-A', amount: 100 }, { sku: 'CLEAN-A', amount: 100 }] });
  warehouseA = await stockUp(testApp.client, 'POISON-A1', { 'POISON-A': 10, 'CLEAN-A': 10 });
  shopB = (await testApp.clientAs('ADMIN', { shopId: 'poison-shop-b' })).client;
  await createProduct(shopB, { variants: [{ sku: 'CLEAN-B', amount: 100 }] });
});
afterAll(() => testApp.stop());

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe('a poison event in one shop', () => {
  it("is parked after its retries while another shop's mutations answer within normal time", async () => {
    // A receipt no read column can hold (past bigint): the deciders refuse such a figure now, but a
    // log may hold one written before, and events are never changed.
    const poison = await testApp.app.store.append(
      { streamId: stockStreamId('POISON-A'), streamType: 'StockItem', expectedVersion: 1, events: [{ type: 'StockReceived', data: { sku: 'POISON-A', warehouseId: warehouseA, quantity: 1e19 } }] },
      { tenantId: 'demo' },
    );

    // At once, while the inventory projection fails on the poison event: shop B's mutations come after it in the log.
    const created = await timed(() => shopB.data<{ createWarehouse: { id: string } }>('mutation { createWarehouse(input: { code: "B-1", name: "B" }) { id } }'));
    const received = await timed(() => shopB.data<{ receiveStock: { onHand: number } }>(RECEIVE, { i: { sku: 'CLEAN-B', warehouseId: created.result.createWarehouse.id, quantity: 7 } }));
    expect(received.result.receiveStock.onHand).toBe(7);
    expect(created.ms).toBeLessThan(EVENTUALLY_MS);
    expect(received.ms).toBeLessThan(EVENTUALLY_MS);

    // The positive signal: the inventory projection passed B's receipt, so it parked the poison event before it.
    const parked = await testApp.database.db('parked_events').select('follower', 'global_position', 'tenant_id', 'event_type', 'attempts', 'error', 'resolved_at');
    expect(parked).toEqual([
      {
        follower: 'inventory',
        global_position: poison.checkpoint.position,
        tenant_id: 'demo',
        event_type: 'StockReceived',
        attempts: 3,
        error: expect.stringContaining('out of range'),
        resolved_at: null,
      },
    ]);

    // Shop A goes on too: its later receipts are applied, the poison one is not.
    const { receiveStock } = await testApp.client.data<{ receiveStock: { onHand: number } }>(RECEIVE, { i: { sku: 'CLEAN-A', warehouseId: warehouseA, quantity: 5 } });
    expect(receiveStock.onHand).toBe(15);
    const { stockLevel } = await testApp.client.data<{ stockLevel: { onHand: number } }>('{ stockLevel(sku: "POISON-A") { onHand } }');
    expect(stockLevel.onHand).toBe(10);

    // Operators of shop A see it (and may retry or skip it); shop B's see nothing of A's.
    const { projections: seenByA } = await testApp.client.data<{ projections: { name: string; status: string; parked: { position: number; type: string; attempts: number }[] }[] }>(PROJECTIONS);
    expect(seenByA.find((p) => p.name === 'inventory')).toMatchObject({ status: 'HAS_PARKED', parked: [{ position: poison.checkpoint.position, type: 'StockReceived', attempts: 3 }] });
    const { projections: seenByB } = await shopB.data<{ projections: { name: string; parked: unknown[] }[] }>(PROJECTIONS);
    expect(seenByB.flatMap((p) => p.parked)).toEqual([]);
  });
});
