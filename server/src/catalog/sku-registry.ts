import type { EventStore } from '../eventstore/event-store';
import type { SkuRegistry } from '../inventory/sku-registry';
import { skuStreamId } from './events';

/** A SKU exists once a variant has claimed it: the claim stream is the authority, never stale. */
export class CatalogSkuRegistry implements SkuRegistry {
  constructor(private readonly store: EventStore) {}

  async exists(tenantId: string, sku: string): Promise<boolean> {
    const claim = await this.store.readStream(skuStreamId(sku), { tenantId, toVersion: 1 });
    return claim.length > 0;
  }
}
