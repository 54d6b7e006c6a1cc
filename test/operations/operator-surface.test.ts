import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';
import { allProjections } from '../../server/src/app/contexts';
import { expectRejected } from '../support/rejections';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const PROJECTIONS = `{ projections { name kind position lag lagSeconds status parked { projection position type streamId error attempts parkedAt } } }`;
const RETRY = 'mutation($projection: String!, $position: SafeInt!) { retryParkedEvent(projection: $projection, position: $position) { position } }';
const SKIP = 'mutation($projection: String!, $position: SafeInt!) { skipParkedEvent(projection: $projection, position: $position) { position type } }';

async function scrape(): Promise<string> {
  const response = await fetch(`${testApp.app.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** An event the orders read model cannot apply: a quantity change of an order it has never seen. */
async function appendPoisonEvent() {
  const orderId = randomUUID();
  const { checkpoint } = await testApp.app.store.append(
    { streamId: `order-${orderId}`, streamType: 'Order', expectedVersion: 0, events: [{ type: 'OrderItemQuantityChanged', data: { orderId, variantId: randomUUID(), quantity: 2 } }] },
    { tenantId: 'demo', metadata: { actor: 'test' } },
  );
  return checkpoint;
}

describe('operator surface', () => {
  it('answers /ready with every check once the database, migrations and read models are there', async () => {
    const response = await fetch(`${testApp.app.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'ok', projections: 'ok', startup: 'ok' });
  });

  it('exposes the Prometheus series an operator needs at /metrics', async () => {
    await createProduct(testApp.client, { name: 'Metric mug', variants: [{ sku: 'METRIC-MUG', name: 'One', amount: 500 }] });
    const socket = testApp.ws();
    const stopListening = socket.subscribe({ query: 'subscription { ordersChanged { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    // A positive signal: the subscription listens (and so its socket is open) before the scrape.
    const text = await vi.waitFor(
      async () => {
        const scraped = await scrape();
        expect(scraped).toMatch(/^ordercast_subscriptions [1-9]/m);
        return scraped;
      },
      { timeout: EVENTUALLY_MS, interval: 50 },
    );
    stopListening();
    await socket.dispose();
    expect(text).toMatch(/^ordercast_graphql_operation_duration_seconds_bucket\{le="[^"]+",operation_name="[^"]*",operation_type="mutation"\} \d+/m);
    expect(text).toMatch(/^ordercast_events_appended_total\{event_type="ProductCreated"\} [1-9]/m);
    expect(text).toMatch(/^ordercast_commands_total\{stream_type="[^"]+",outcome="appended"\} [1-9]/m);
    expect(text).toContain('# TYPE ordercast_command_conflicts_total counter');
    expect(text).toContain('# TYPE ordercast_command_retries_total counter');
    expect(text).toMatch(/^ordercast_follower_lag_events\{follower="orders",kind="projection"\} \d+/m);
    expect(text).toMatch(/^ordercast_follower_lag_seconds\{follower="process:checkout",kind="process"\} [\d.]+/m);
    expect(text).toMatch(/^ordercast_parked_events\{follower="orders"\} 0$/m);
    expect(text).toMatch(/^ordercast_websocket_connections [1-9]/m);
    expect(text).toMatch(/^ordercast_db_pool_connections\{state="used"\} \d+/m);
    expect(text).toMatch(/^ordercast_db_pool_connections\{state="pending"\} \d+/m);
    expect(text).toContain('# TYPE ordercast_checkouts gauge');
    // One node, one bucket (the default): it holds it.
    expect(text).toMatch(/^ordercast_process_buckets_held\{manager="process:checkout"\} 1$/m);
    expect(text).toMatch(/^ordercast_live_nodes 1$/m);
    // One node runs every projection (it holds every lease).
    expect(text).toMatch(new RegExp(`^ordercast_projections_held ${allProjections.length}$`, 'm'));
    expect(text).toMatch(/^ordercast_process_cpu_user_seconds_total /m);
  });

  it('parks an event the orders read model cannot apply, keeps answering, shows it to staff, and lets an admin skip it', async () => {
    const poison = await appendPoisonEvent();
    // Positive signal: the orders projection's checkpoint passes the poison event.
    await testApp.app.projector.waitFor('orders', poison, 10_000);

    // The shop keeps working: a later mutation that waits for its read model answers as usual.
    const { productId } = await createProduct(testApp.client, { name: 'After the poison', variants: [{ sku: 'AFTER-POISON', name: 'One', amount: 100 }] });
    expect(productId).toBeTruthy();

    const staff = await testApp.clientAs('STAFF');
    const { projections } = await staff.client.data(PROJECTIONS);
    const orders = projections.find((p: { name: string }) => p.name === 'orders');
    expect(orders).toMatchObject({ kind: 'PROJECTION', status: 'HAS_PARKED' });
    expect(orders.parked).toEqual([
      expect.objectContaining({ projection: 'orders', position: poison.position, type: 'OrderItemQuantityChanged', attempts: 3, error: expect.stringContaining('is not in the read model') }),
    ]);
    expect(projections.find((p: { name: string }) => p.name === 'process:checkout')).toMatchObject({ kind: 'PROCESS' });
    expect(await scrape()).toMatch(/^ordercast_parked_events\{follower="orders"\} 1$/m);

    // Only admins decide; customers and visitors do not even see the list.
    expect((await staff.client.error(RETRY, { projection: 'orders', position: poison.position })).code).toBe('FORBIDDEN');
    expect((await (await testApp.clientAs('CUSTOMER')).client.error(PROJECTIONS)).code).toBe('FORBIDDEN');
    expect((await testApp.anonymous.error(PROJECTIONS)).code).toBe('UNAUTHENTICATED');
    await expectRejected(testApp, 'BAD_USER_INPUT', RETRY, { projection: 'orders', position: 0 });
    await expectRejected(testApp, 'NOT_FOUND', RETRY, { projection: 'orders', position: poison.position + 1_000_000 });
    await expectRejected(testApp, 'NOT_FOUND', RETRY, { projection: 'no-such-projection', position: poison.position });
    // The event is still wrong: retrying changes nothing and says why.
    const stillFailing = await expectRejected(testApp, 'INVALID_STATE', RETRY, { projection: 'orders', position: poison.position });
    expect(stillFailing.message).toContain('is not in the read model');

    const { skipParkedEvent } = await testApp.client.data(SKIP, { projection: 'orders', position: poison.position });
    expect(skipParkedEvent).toEqual({ position: poison.position, type: 'OrderItemQuantityChanged' });
    const after = (await staff.client.data(PROJECTIONS)).projections.find((p: { name: string }) => p.name === 'orders');
    expect(after.parked).toEqual([]);
    expect(after.status).not.toBe('HAS_PARKED');
    const decision = await testApp.database.db('events').where({ event_type: 'ParkedEventSkipped' }).first();
    expect(decision).toMatchObject({ tenant_id: 'demo', data: { follower: 'orders', position: poison.position, eventType: 'OrderItemQuantityChanged' } });
    expect(decision.metadata.actor).toMatch(/^user:/);
  });
});
