import type { Projection } from '../projector/projection';
import { categoryEventTypes, type CategoryEvent } from './taxonomy-events';

export const CATEGORY_UPDATED = 'CATEGORY_UPDATED';

/** The shop's category tree as the API lists it. */
export const categoryProjection: Projection = {
  name: 'catalog_categories',
  tables: ['catalog_categories'],
  eventTypes: categoryEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as CategoryEvent & typeof recorded;
    const tenant_id = recorded.tenantId;
    switch (event.type) {
      case 'CategoryCreated':
        await trx('catalog_categories').insert({
          tenant_id,
          id: event.data.categoryId,
          parent_id: event.data.parentId,
          name: event.data.name,
          created_at: recorded.recordedAt,
          updated_at: recorded.recordedAt,
        });
        break;
      case 'CategoryRenamed':
        await trx('catalog_categories').where({ tenant_id, id: event.data.categoryId }).update({ name: event.data.name, updated_at: recorded.recordedAt });
        break;
    }
    changed({ topic: CATEGORY_UPDATED, id: event.data.categoryId, tenantId: tenant_id });
  },
};
