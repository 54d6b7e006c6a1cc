import type { Projection } from '../projector/projection';
import { brandEventTypes, type BrandEvent } from './taxonomy-events';

export const BRAND_UPDATED = 'BRAND_UPDATED';

/** The shop's brands as the API lists them. */
export const brandProjection: Projection = {
  name: 'catalog_brands',
  tables: ['catalog_brands'],
  eventTypes: brandEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as BrandEvent & typeof recorded;
    const tenant_id = recorded.tenantId;
    switch (event.type) {
      case 'BrandCreated':
        await trx('catalog_brands').insert({ tenant_id, id: event.data.brandId, name: event.data.name, created_at: recorded.recordedAt, updated_at: recorded.recordedAt });
        break;
      case 'BrandRenamed':
        await trx('catalog_brands').where({ tenant_id, id: event.data.brandId }).update({ name: event.data.name, updated_at: recorded.recordedAt });
        break;
    }
    changed({ topic: BRAND_UPDATED, id: event.data.brandId, tenantId: tenant_id });
  },
};
