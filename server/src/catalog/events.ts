import type { Money } from '../shared/money';

export type ProductStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

export type ProductEvent =
  | { type: 'ProductCreated'; data: { productId: string; name: string; description: string } }
  | { type: 'ProductVariantAdded'; data: { productId: string; variantId: string; sku: string; name: string; price: Money } }
  | { type: 'VariantPriceChanged'; data: { productId: string; variantId: string; price: Money; previousPrice: Money } }
  | { type: 'ProductPublished'; data: { productId: string } }
  | { type: 'ProductArchived'; data: { productId: string } };

/** Claims a SKU for one variant; its own stream, so two variants can never share a SKU. */
export type SkuEvent = { type: 'SkuAssigned'; data: { sku: string; productId: string; variantId: string } };

export const productEventTypes: readonly ProductEvent['type'][] = ['ProductCreated', 'ProductVariantAdded', 'VariantPriceChanged', 'ProductPublished', 'ProductArchived'];

export const productStreamId = (productId: string) => `product-${productId}`;
export const skuStreamId = (sku: string) => `sku-${sku}`;
