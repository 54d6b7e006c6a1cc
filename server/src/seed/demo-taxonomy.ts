import type { CommandContext } from '../commands/command-context';
import { loadStream } from '../commands/streams';
import { brandDecider } from '../catalog/brand-decider';
import { categoryDecider } from '../catalog/category-decider';
import { skuStreamId } from '../catalog/events';
import { BRANDS_STREAM, CATEGORIES_STREAM, classificationStreamId } from '../catalog/taxonomy-events';
import { sameName } from '../catalog/taxonomy-names';
import type { TaxonomyService } from '../catalog/taxonomy-service';
import type { EventStore } from '../eventstore/event-store';
import type { Logger } from '../config/logger';

export const demoBrands = ['Ordercast', 'Projection Ceramics', 'Saga Press'];

/** Top-level categories with the ones below them. */
export const demoCategories: { name: string; children: string[] }[] = [
  { name: 'Apparel', children: ['T-shirts', 'Hoodies'] },
  { name: 'Home & Office', children: ['Mugs', 'Wall art'] },
  { name: 'Accessories', children: [] },
  { name: 'Gifts', children: [] },
];

/** Each demo product (by its first SKU, see demo-catalog.ts): its brand and categories. */
export const demoClassification: Record<string, { brand: string; categories: string[] }> = {
  'TEE-S': { brand: 'Ordercast', categories: ['T-shirts'] },
  'MUG-WHITE': { brand: 'Projection Ceramics', categories: ['Mugs', 'Gifts'] },
  'STICKERS-10': { brand: 'Ordercast', categories: ['Accessories', 'Gifts'] },
  'HOODIE-M': { brand: 'Ordercast', categories: ['Hoodies'] },
  'POSTER-A2': { brand: 'Saga Press', categories: ['Wall art', 'Gifts'] },
  'KEYBOARD-PROTO': { brand: 'Ordercast', categories: ['Accessories'] },
};

/**
 * Seeds the demo brands and categories and classifies the demo products (seed the catalog first).
 * Idempotent: a brand or category whose name is taken is not created again, and a product that was
 * ever classified (by the seed or by an admin since) is left as it is.
 */
export async function seedDemoTaxonomy(store: EventStore, taxonomy: TaxonomyService, context: CommandContext, logger: Logger): Promise<number> {
  const { tenantId } = context;
  let appended = 0;
  const brandIds = new Map<string, string>();
  const brands = (await loadStream(store, brandDecider, BRANDS_STREAM, tenantId)).state.brands;
  for (const name of demoBrands) {
    const existing = Object.entries(brands).find(([, other]) => sameName(other, name));
    if (existing) brandIds.set(name, existing[0]);
    else {
      brandIds.set(name, (await taxonomy.createBrand(name, context)).id);
      appended++;
    }
  }

  const categoryIds = new Map<string, string>();
  const categories = (await loadStream(store, categoryDecider, CATEGORIES_STREAM, tenantId)).state.categories;
  const category = async (name: string, parentId: string | null) => {
    const existing = Object.entries(categories).find(([, c]) => c.parentId === parentId && sameName(c.name, name));
    if (existing) return existing[0];
    appended++;
    return (await taxonomy.createCategory(name, parentId, context)).id;
  };
  for (const top of demoCategories) {
    const topId = await category(top.name, null);
    categoryIds.set(top.name, topId);
    for (const child of top.children) categoryIds.set(child, await category(child, topId));
  }

  for (const [sku, { brand, categories: names }] of Object.entries(demoClassification)) {
    const [claim] = await store.readStream(skuStreamId(sku), { tenantId, toVersion: 1 });
    if (!claim) continue;
    const productId = (claim.data as { productId: string }).productId;
    const classified = await store.readStream(classificationStreamId(productId), { tenantId, toVersion: 1 });
    if (classified.length > 0) continue;
    await taxonomy.setProductBrand(productId, brandIds.get(brand)!, context);
    for (const name of names) await taxonomy.addProductCategory(productId, categoryIds.get(name)!, context);
    appended++;
  }
  if (appended > 0) logger.info({ changes: appended }, 'demo brands and categories seeded');
  return appended;
}
