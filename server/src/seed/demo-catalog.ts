import type { CommandContext } from '../commands/command-context';
import type { CatalogService } from '../catalog/catalog-service';
import { skuStreamId } from '../catalog/events';
import type { EventStore } from '../eventstore/event-store';
import type { Logger } from '../config/logger';

interface DemoProduct {
  name: string;
  description: string;
  publish: boolean;
  variants: { sku: string; name: string; amount: number }[];
}

export const demoProducts: DemoProduct[] = [
  {
    name: 'Ordercast Tee',
    description: 'Organic cotton t-shirt with the Ordercast logo.',
    publish: true,
    variants: [
      { sku: 'TEE-S', name: 'Small', amount: 1999 },
      { sku: 'TEE-M', name: 'Medium', amount: 1999 },
      { sku: 'TEE-L', name: 'Large', amount: 2199 },
    ],
  },
  {
    name: 'Event Sourcing Mug',
    description: 'Holds 350 ml of coffee and every state your order was ever in.',
    publish: true,
    variants: [{ sku: 'MUG-WHITE', name: 'White', amount: 1250 }, { sku: 'MUG-BLACK', name: 'Black', amount: 1250 }],
  },
  {
    name: 'Sticker Pack',
    description: 'Ten vinyl stickers.',
    publish: true,
    variants: [{ sku: 'STICKERS-10', name: 'Pack of 10', amount: 499 }],
  },
  {
    name: 'Hoodie',
    description: 'Heavyweight hoodie for long projector rebuilds.',
    publish: true,
    variants: [{ sku: 'HOODIE-M', name: 'Medium', amount: 4900 }, { sku: 'HOODIE-L', name: 'Large', amount: 4900 }],
  },
  {
    name: 'Limited Edition Poster',
    description: 'Signed A2 poster of the checkout saga. Few left.',
    publish: true,
    variants: [{ sku: 'POSTER-A2', name: 'A2', amount: 2900 }],
  },
  {
    name: 'Prototype Keyboard',
    description: 'Not for sale yet: a draft product.',
    publish: false,
    variants: [{ sku: 'KEYBOARD-PROTO', name: 'ISO layout', amount: 15900 }],
  },
];

/**
 * Seeds the demo catalog. Idempotent: a product whose first SKU is already claimed was seeded
 * before and is skipped, so running it on every start is safe.
 */
export async function seedDemoCatalog(store: EventStore, catalog: CatalogService, context: CommandContext, logger: Logger): Promise<number> {
  let created = 0;
  for (const product of demoProducts) {
    const claimed = await store.readStream(skuStreamId(product.variants[0]!.sku), { tenantId: context.tenantId, toVersion: 1 });
    if (claimed.length > 0) continue;
    const { productId } = await catalog.createProduct({ name: product.name, description: product.description }, context);
    for (const variant of product.variants) {
      await catalog.addVariant(productId, { sku: variant.sku, name: variant.name, price: { amount: variant.amount, currency: 'EUR' } }, context);
    }
    if (product.publish) await catalog.publishProduct(productId, context);
    created++;
  }
  if (created > 0) logger.info({ products: created }, 'demo catalog seeded');
  return created;
}
