import { LRUCache } from 'lru-cache';
import type { ItemSnapshot } from '../ordering/events';
import type { VariantCatalog } from '../ordering/variant-catalog';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import type { CatalogService } from './catalog-service';
import type { ProductQueries } from './product-queries';

/** Variants whose product this node remembers: a few per product in a busy catalog. */
const REMEMBERED_VARIANTS = 10_000;

/**
 * Ordering's view of the catalog. The read table only maps a variant to its product; status and
 * price come from the product's stream, so an order never snapshots a stale price.
 */
export class OrderableVariants implements VariantCatalog {
  /**
   * A variant never moves to another product, so the mapping found once holds; whether the
   * variant still exists, and may be ordered, is always read from the product's stream.
   */
  private readonly productOfVariant = new LRUCache<string, string>({ max: REMEMBERED_VARIANTS });

  constructor(
    private readonly queries: ProductQueries,
    private readonly service: CatalogService,
  ) {}

  async orderableVariant(tenantId: string, variantId: string): Promise<ItemSnapshot> {
    const productId = await this.productIdOf(tenantId, variantId);
    if (!productId) throw new NotFoundError('Variant', variantId);
    const product = await this.service.loadProduct(tenantId, productId);
    const variant = product.variants.find((v) => v.variantId === variantId);
    if (!variant) throw new NotFoundError('Variant', variantId);
    if (product.status !== 'PUBLISHED') {
      throw new BadUserInputError(`Variant ${variantId} cannot be ordered: its product is ${product.status.toLowerCase()}`, { field: 'variantId', productStatus: product.status });
    }
    return { variantId, sku: variant.sku, productName: product.name, variantName: variant.name, unitPrice: variant.price };
  }

  private async productIdOf(tenantId: string, variantId: string): Promise<string | undefined> {
    const key = `${tenantId}:${variantId}`;
    const known = this.productOfVariant.get(key);
    if (known) return known;
    const productId = await this.queries.productIdOfVariant(tenantId, variantId);
    if (productId) this.productOfVariant.set(key, productId);
    return productId ?? undefined;
  }
}
