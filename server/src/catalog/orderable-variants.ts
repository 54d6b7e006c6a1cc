import { LRUCache } from 'lru-cache';
import { KnownStreams } from '../commands/known-streams';
import { decideOnGuess, type LoadedStream } from '../commands/streams';
import type { ItemSnapshot } from '../ordering/events';
import type { OrderableVariant, VariantCatalog } from '../ordering/variant-catalog';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import type { CatalogService } from './catalog-service';
import { productStreamId } from './events';
import type { ProductState } from './product-decider';
import type { ProductQueries } from './product-queries';

/** Variants whose product this node remembers: a few per product in a busy catalog. */
const REMEMBERED_VARIANTS = 10_000;
/** Product streams this node remembers as it last read them. */
const REMEMBERED_PRODUCTS = 10_000;

/**
 * Ordering's view of the catalog. The read table only maps a variant to its product; status and
 * price come from the product's stream, and the order's append proves the version they came from
 * still current, so an order never snapshots a stale price.
 */
export class OrderableVariants implements VariantCatalog {
  /**
   * A variant never moves to another product, so the mapping found once holds; whether the
   * variant still exists, and may be ordered, is the product stream's to say (below).
   */
  private readonly productOfVariant = new LRUCache<string, string>({ max: REMEMBERED_VARIANTS });
  /**
   * Each product stream as this process last read it. An order line made from it names the
   * version, and the order's append requires the product to stand there still: a price changed
   * since (on any node) fails the append, and the line is made again from a fresh read. A refusal
   * on a remembered product (unpublished, no such variant) is checked on a fresh read first.
   */
  private readonly products = new KnownStreams<ProductState>({ max: REMEMBERED_PRODUCTS });

  constructor(
    private readonly queries: ProductQueries,
    private readonly service: CatalogService,
  ) {}

  async orderableVariant(tenantId: string, variantId: string, options: { fresh?: boolean } = {}): Promise<OrderableVariant> {
    const productId = await this.productIdOf(tenantId, variantId);
    if (!productId) throw new NotFoundError('Variant', variantId);
    const load = () => this.load(tenantId, productId);
    const known = options.fresh ? undefined : this.products.get(tenantId, productStreamId(productId));
    return decideOnGuess(
      known ?? (await load()),
      known !== undefined,
      load,
      (product) => ({ item: snapshotOf(product.state, variantId), source: { streamId: product.streamId, version: product.version } }),
      () => true,
    );
  }

  private async load(tenantId: string, productId: string): Promise<LoadedStream<ProductState>> {
    const product = await this.service.loadProduct(tenantId, productId);
    this.products.remember(tenantId, product);
    return product;
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

/** The order line's copy of a variant; refuses a variant that is gone or cannot be ordered. */
function snapshotOf(product: ProductState, variantId: string): ItemSnapshot {
  const variant = product.variants.find((v) => v.variantId === variantId);
  if (!variant) throw new NotFoundError('Variant', variantId);
  if (product.status !== 'PUBLISHED') {
    throw new BadUserInputError(`Variant ${variantId} cannot be ordered: its product is ${product.status.toLowerCase()}`, { field: 'variantId', productStatus: product.status });
  }
  return { variantId, sku: variant.sku, productName: product.name, variantName: variant.name, unitPrice: variant.price };
}
