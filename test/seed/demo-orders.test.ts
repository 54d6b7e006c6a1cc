import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { seedDemoCatalog } from '../../server/src/seed/demo-catalog';
import { demoStock, seedDemoInventory } from '../../server/src/seed/demo-inventory';
import { seedDemoOrders } from '../../server/src/seed/demo-orders';
import { demoCustomerIds, seedDemoAccounts } from '../../server/src/seed/demo-accounts';
import { startTestApp, type TestApp } from '../support/app';
import { countEvents } from '../support/rejections';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;
const ctx = { tenantId: 'demo', metadata: { actor: 'seed' } };
const logger = createLogger('silent');

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

interface SeededOrder {
  status: string;
  customerId: string | null;
  items: { sku: string; quantity: number }[];
  checkout: { attempts: number } | null;
  payment: { status: string; amountCaptured: { amount: number }; amountRefunded: { amount: number } } | null;
  shipments: { status: string }[];
  history: { type: string }[];
}

describe('demo orders', () => {
  it('seeds orders placed, partially shipped, delivered and cancelled, each with its history, once', async () => {
    const { app } = testApp;
    await seedDemoAccounts(app, ctx, logger);
    await seedDemoCatalog(app.store, app.catalog.service, ctx, logger);
    await seedDemoInventory(app.store, app.inventory.service, ctx, logger);
    // What the demo inventory received of TEE-L (the read model may not have caught up yet).
    const teeLReceived = Object.values(demoStock['TEE-L']!).reduce((sum, units) => sum + units, 0);

    expect(await seedDemoOrders(app, ctx, logger)).toBe(4);
    const eventsAfterSeed = await countEvents(testApp.database.db);
    expect(await seedDemoOrders(app, ctx, logger)).toBe(0);
    expect(await countEvents(testApp.database.db)).toBe(eventsAfterSeed);

    // The read models follow the seeded events asynchronously.
    const readOrders = async () =>
      (
        await testApp.client.data<{ orders: { edges: { node: SeededOrder }[] } }>(`{
      orders(first: 10) { edges { node {
        status customerId items { sku quantity } checkout { attempts }
        payment { status amountCaptured { amount } amountRefunded { amount } }
        shipments { status } history { type } } } } }`)
      ).orders;
    // Each read model (orders, shipments, payments, history) catches up on its own: wait for the last of them.
    const caughtUp = (nodes: SeededOrder[]) => {
      const delivered = nodes.find((n) => n.status === 'DELIVERED');
      return (
        nodes.length === 4 &&
        nodes.every((n) => n.status !== 'CHECKOUT_PENDING' && n.payment !== null) &&
        delivered?.shipments[0]?.status === 'DELIVERED' &&
        (delivered.payment?.amountCaptured.amount ?? 0) > 0 &&
        delivered.history.some((h) => h.type === 'ShipmentDelivered') &&
        nodes.some((n) => n.status === 'PARTIALLY_SHIPPED' && n.shipments[0]?.status === 'SHIPPED')
      );
    };
    await expect.poll(async () => caughtUp((await readOrders()).edges.map((e) => e.node)), { timeout: EVENTUALLY_MS }).toBe(true);
    const orders = await readOrders();
    const byStatus = new Map(orders.edges.map((e) => [e.node.status, e.node]));
    expect([...byStatus.keys()].sort()).toEqual(['CANCELLED', 'DELIVERED', 'PARTIALLY_SHIPPED', 'PLACED']);
    // Each belongs to a demo customer: Ada has the placed and delivered ones, Grace the others.
    const [ada, grace] = await demoCustomerIds(app, 'demo');
    expect(Object.fromEntries([...byStatus].map(([status, order]) => [status, order.customerId]))).toEqual({ PLACED: ada, DELIVERED: ada, PARTIALLY_SHIPPED: grace, CANCELLED: grace });

    expect(byStatus.get('PLACED')!.payment!.status).toBe('AUTHORIZED');
    expect(byStatus.get('PARTIALLY_SHIPPED')!.shipments.map((s) => s.status)).toEqual(['SHIPPED']);

    const delivered = byStatus.get('DELIVERED')!;
    expect(delivered.checkout!.attempts).toBe(2);
    expect(delivered.shipments.map((s) => s.status)).toEqual(['DELIVERED']);
    expect(delivered.payment!.amountCaptured.amount).toBeGreaterThan(0);
    const types = delivered.history.map((h) => h.type);
    expect(types).toEqual(expect.arrayContaining(['OrderCreated', 'CheckoutFailed', 'PaymentDeclined', 'OrderPlaced', 'ShipmentShipped', 'ShipmentDelivered']));

    // The cancelled order gave its stock back (once the inventory projection has caught up).
    await expect
      .poll(async () => (await testApp.client.data<{ stockLevel: { available: number; reserved: number } }>('{ stockLevel(sku: "TEE-L") { available reserved } }')).stockLevel, { timeout: EVENTUALLY_MS })
      .toEqual({ available: teeLReceived, reserved: 0 });
  }, 120_000);
});
