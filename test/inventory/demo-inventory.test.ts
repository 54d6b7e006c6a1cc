import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { seedDemoCatalog } from '../../server/src/seed/demo-catalog';
import { seedDemoInventory } from '../../server/src/seed/demo-inventory';
import { startTestApp, type TestApp } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;
const ctx = { tenantId: 'demo', metadata: { actor: 'seed' } };
const logger = createLogger('silent');

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('demo inventory', () => {
  it('stocks two warehouses, leaves POSTER-A2 scarce, and seeding again changes nothing', async () => {
    const { app } = testApp;
    await seedDemoCatalog(app.store, app.catalog.service, ctx, logger);
    expect(await seedDemoInventory(app.store, app.inventory.service, ctx, logger)).toBeGreaterThan(0);
    const [{ count: before }] = await testApp.database.db('events').count<{ count: number }[]>({ count: '*' });
    expect(await seedDemoInventory(app.store, app.inventory.service, ctx, logger)).toBe(0);
    const [{ count: after }] = await testApp.database.db('events').count<{ count: number }[]>({ count: '*' });
    expect(Number(after)).toBe(Number(before));

    // Seeded through the services: the read models follow asynchronously.
    await expect
      .poll(async () => (await testApp.client.data<{ warehouses: { code: string }[] }>('{ warehouses { code } }')).warehouses.map((w) => w.code), { timeout: EVENTUALLY_MS })
      .toEqual(['AMS-1', 'BER-1']);
    await expect
      .poll(async () => (await testApp.client.data<{ stockLevel: unknown }>('{ stockLevel(sku: "POSTER-A2") { available warehouses { onHand } } }')).stockLevel, { timeout: EVENTUALLY_MS })
      .toEqual({ available: 3, warehouses: [{ onHand: 1 }, { onHand: 2 }] });
  });
});
