import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/config/logger';
import { seedDemoCatalog } from '../../server/src/seed/demo-catalog';
import { seedDemoTaxonomy } from '../../server/src/seed/demo-taxonomy';
import { startTestApp, type TestApp } from '../support/app';
import { countEvents } from '../support/rejections';

let testApp: TestApp;
const ctx = { tenantId: 'demo', metadata: { actor: 'seed' } };
const logger = createLogger('silent');

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

interface Named {
  id: string;
  name: string;
}

describe('demo brands and categories', () => {
  it('seeds brands, a category tree and the demo products in them, once', async () => {
    const { app } = testApp;
    await seedDemoCatalog(app.store, app.catalog.service, ctx, logger);
    expect(await seedDemoTaxonomy(app.store, app.catalog.taxonomy, ctx, logger)).toBeGreaterThan(0);
    const afterSeed = await countEvents(testApp.database.db);
    expect(await seedDemoTaxonomy(app.store, app.catalog.taxonomy, ctx, logger)).toBe(0);
    expect(await countEvents(testApp.database.db)).toBe(afterSeed);

    await app.projector.caughtUpWithLog();
    const { brands, categories } = await testApp.anonymous.data<{ brands: Named[]; categories: (Named & { parent: Named | null })[] }>('{ brands { id name } categories { id name parent { id name } } }');
    expect(brands.map((b) => b.name)).toEqual(['Ordercast', 'Projection Ceramics', 'Saga Press']);
    expect(categories.find((c) => c.name === 'Hoodies')?.parent?.name).toBe('Apparel');

    const list = async (variables: Record<string, unknown>) =>
      (await testApp.anonymous.data<{ products: { edges: { node: { name: string } }[] } }>(
        'query($b: [ID!], $c: [ID!]) { products(first: 20, brandIds: $b, categoryIds: $c) { edges { node { name } } } }',
        variables,
      )).products.edges.map((e) => e.node.name);
    const id = (items: Named[], name: string) => items.find((i) => i.name === name)!.id;
    // The draft keyboard is an Ordercast product too, but not listed.
    expect(await list({ b: [id(brands, 'Ordercast')] })).toEqual(['Ordercast Tee', 'Sticker Pack', 'Hoodie']);
    expect(await list({ c: [id(categories, 'Apparel')] })).toEqual(['Ordercast Tee', 'Hoodie']);
    expect(await list({ c: [id(categories, 'Gifts')] })).toEqual(['Event Sourcing Mug', 'Sticker Pack', 'Limited Edition Poster']);
  });
});
