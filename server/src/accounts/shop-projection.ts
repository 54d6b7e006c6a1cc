import type { Projection } from '../projector/projection';
import { shopEventTypes, type ShopEvent } from './events';

/** Shops (tenants) with their display names; each row lives in its own tenant. */
export const shopProjection: Projection = {
  name: 'shops',
  tables: ['shops'],
  eventTypes: shopEventTypes,
  async apply(recorded, { trx }) {
    const event = recorded as unknown as ShopEvent & typeof recorded;
    switch (event.type) {
      case 'ShopCreated': {
        const { shopId, name, ownerId } = event.data;
        await trx('shops').insert({ tenant_id: recorded.tenantId, slug: shopId, name, owner_id: ownerId, created_at: recorded.recordedAt });
        return;
      }
    }
  },
};
