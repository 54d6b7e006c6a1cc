import type { StreamVersion } from '../eventstore/types';
import type { ItemSnapshot } from './events';

/** An order line's snapshot of a variant, and the product stream version it was taken from. */
export interface OrderableVariant {
  item: ItemSnapshot;
  /** The order's append requires the product to stand there still (see AppendOptions.unchanged). */
  source: StreamVersion;
}

/** What ordering needs from the catalog: the current, orderable snapshot of a variant. */
export interface VariantCatalog {
  /**
   * Throws NOT_FOUND for an unknown variant and BAD_USER_INPUT for one that cannot be ordered.
   * The product may be as this process last read it, unless `fresh`: the source version lets the
   * order's append prove it current.
   */
  orderableVariant(tenantId: string, variantId: string, options?: { fresh?: boolean }): Promise<OrderableVariant>;
}
