/**
 * Brands and categories: how a shop groups its products for browsing. Each shop keeps all its
 * brands in one stream and all its categories in another, so a name can be checked against every
 * other name of the shop (and the append's version guard keeps that check true under concurrency).
 * A shop has tens of brands and categories, rarely changed: the streams stay short.
 */
export type BrandEvent =
  | { type: 'BrandCreated'; data: { brandId: string; name: string } }
  | { type: 'BrandRenamed'; data: { brandId: string; name: string; previousName: string } };

export type CategoryEvent =
  | { type: 'CategoryCreated'; data: { categoryId: string; name: string; parentId: string | null } }
  | { type: 'CategoryRenamed'; data: { categoryId: string; name: string; previousName: string } };

/**
 * A product's brand and categories, in a stream of their own beside the product's: classifying a
 * product does not change the product (its version, what orders snapshot), only where it is listed.
 */
export type ClassificationEvent =
  | { type: 'ProductBrandAssigned'; data: { productId: string; brandId: string; previousBrandId: string | null } }
  | { type: 'ProductBrandCleared'; data: { productId: string; previousBrandId: string } }
  | { type: 'ProductCategoryAdded'; data: { productId: string; categoryId: string } }
  | { type: 'ProductCategoryRemoved'; data: { productId: string; categoryId: string } };

export const brandEventTypes: readonly BrandEvent['type'][] = ['BrandCreated', 'BrandRenamed'];
export const categoryEventTypes: readonly CategoryEvent['type'][] = ['CategoryCreated', 'CategoryRenamed'];
export const classificationEventTypes: readonly ClassificationEvent['type'][] = ['ProductBrandAssigned', 'ProductBrandCleared', 'ProductCategoryAdded', 'ProductCategoryRemoved'];

/** One per shop (streams are per shop). */
export const BRANDS_STREAM = 'brands';
export const CATEGORIES_STREAM = 'categories';
export const classificationStreamId = (productId: string) => `product-classification-${productId}`;
