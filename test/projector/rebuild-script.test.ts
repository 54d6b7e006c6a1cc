import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allProjections } from '../../server/src/app/contexts';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';

const run = promisify(execFile);
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

async function snapshotReadTables() {
  const snapshot: Record<string, unknown[]> = {};
  for (const projection of allProjections) {
    for (const table of projection.tables) snapshot[table] = await testApp.database.db(table).select().orderByRaw('1, 2');
  }
  return snapshot;
}

describe('npm run projections:rebuild', () => {
  it('rebuilds every read table from the events alone, equal to what the live projector built', async () => {
    const { client } = testApp;
    const { variantId, productId } = await createProduct(client, { name: 'Rebuilt', variants: [{ sku: 'RB-1', amount: 300 }, { sku: 'RB-2', amount: 500 }] });
    await client.data('mutation($v: ID!) { changeVariantPrice(variantId: $v, price: { amount: 350, currency: "EUR" }) { id } }', { v: variantId('RB-1') });
    for (let i = 0; i < 3; i++) {
      const { createOrder } = await client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
      await client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 2) { id } }', { o: createOrder.id, v: variantId('RB-1') });
      await client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: createOrder.id, v: variantId('RB-2') });
      if (i === 1) await client.data('mutation($o: ID!, $v: ID!) { removeOrderItem(orderId: $o, variantId: $v) { id } }', { o: createOrder.id, v: variantId('RB-2') });
    }
    await client.data('mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: productId });
    const live = await snapshotReadTables();
    expect(live.orders).toHaveLength(3);

    const { stdout } = await run('npx', ['tsx', 'server/src/scripts/rebuild-projections.ts'], {
      env: { ...process.env, DATABASE_URL: testApp.database.url, NODE_ENV: 'test' },
    });
    for (const projection of allProjections) expect(stdout).toContain(`${projection.name}: rebuilt from`);
    expect(await snapshotReadTables()).toEqual(live);
  });

  it('refuses an unknown projection name', async () => {
    await expect(
      run('npx', ['tsx', 'server/src/scripts/rebuild-projections.ts', 'no_such_projection'], { env: { ...process.env, DATABASE_URL: testApp.database.url } }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
