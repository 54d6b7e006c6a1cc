import type { Projection } from '../projector/projection';
import { productEventTypes, type ProductEvent } from './events';

/** Products and their variants as the API shows them. */
export const productProjection: Projection = {
  name: 'catalog_products',
  tables: ['catalog_variants', 'catalog_products'],
  eventTypes: productEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as ProductEvent & typeof recorded;
    const tenant_id = recorded.tenantId;
    const touch = () =>
      trx('catalog_products').where({ tenant_id, id: event.data.productId }).update({ version: recorded.streamVersion, updated_at: recorded.recordedAt });
    switch (event.type) {
      case 'ProductCreated':
        await trx('catalog_products').insert({
          tenant_id,
          id: event.data.productId,
          seq: recorded.position,
          name: event.data.name,
          description: event.data.description,
          status: 'DRAFT',
          version: recorded.streamVersion,
          created_at: recorded.recordedAt,
          updated_at: recorded.recordedAt,
        });
        break;
      case 'ProductVariantAdded': {
        const [{ count }] = await trx('catalog_variants').where({ tenant_id, product_id: event.data.productId }).count<{ count: number }[]>({ count: '*' });
        await trx('catalog_variants').insert({
          tenant_id,
          id: event.data.variantId,
          product_id: event.data.productId,
          position: Number(count),
          sku: event.data.sku,
          name: event.data.name,
          price_amount: event.data.price.amount,
          price_currency: event.data.price.currency,
        });
        await touch();
        break;
      }
      case 'VariantPriceChanged':
        await trx('catalog_variants').where({ tenant_id, id: event.data.variantId }).update({ price_amount: event.data.price.amount, price_currency: event.data.price.currency });
        await touch();
        break;
      case 'ProductPublished':
        await trx('catalog_products').where({ tenant_id, id: event.data.productId }).update({ status: 'PUBLISHED' });
        await touch();
        break;
      case 'ProductArchived':
        await trx('catalog_products').where({ tenant_id, id: event.data.productId }).update({ status: 'ARCHIVED' });
        await touch();
        break;
    }
    changed({ topic: 'PRODUCT_UPDATED', id: event.data.productId, tenantId: tenant_id });
  },
};
