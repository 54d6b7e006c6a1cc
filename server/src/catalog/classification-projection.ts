import type { Projection } from '../projector/projection';
import { classificationEventTypes, type ClassificationEvent } from './taxonomy-events';

/** Which product has which brand and categories: what `Product.brand`, `Product.categories` and the `products` filters read. */
export const classificationProjection: Projection = {
  name: 'catalog_product_classification',
  tables: ['catalog_product_brands', 'catalog_product_categories'],
  eventTypes: classificationEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as ClassificationEvent & typeof recorded;
    const tenant_id = recorded.tenantId;
    const product_id = event.data.productId;
    switch (event.type) {
      case 'ProductBrandAssigned':
        await trx('catalog_product_brands').insert({ tenant_id, product_id, brand_id: event.data.brandId }).onConflict(['tenant_id', 'product_id']).merge(['brand_id']);
        break;
      case 'ProductBrandCleared':
        await trx('catalog_product_brands').where({ tenant_id, product_id }).delete();
        break;
      case 'ProductCategoryAdded':
        await trx('catalog_product_categories').insert({ tenant_id, product_id, category_id: event.data.categoryId, seq: recorded.position });
        break;
      case 'ProductCategoryRemoved':
        await trx('catalog_product_categories').where({ tenant_id, product_id, category_id: event.data.categoryId }).delete();
        break;
    }
    // The product as a listing shows it changed, as for its own events.
    changed({ topic: 'PRODUCT_UPDATED', id: product_id, tenantId: tenant_id });
  },
};
