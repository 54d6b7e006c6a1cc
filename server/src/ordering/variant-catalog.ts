import type { ItemSnapshot } from './events';

/** What ordering needs from the catalog: the current, orderable snapshot of a variant. */
export interface VariantCatalog {
  /** Throws NOT_FOUND for an unknown variant and BAD_USER_INPUT for one that cannot be ordered. */
  orderableVariant(tenantId: string, variantId: string): Promise<ItemSnapshot>;
}
