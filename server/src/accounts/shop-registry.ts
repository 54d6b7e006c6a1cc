import type { EventStore } from '../eventstore/event-store';
import { shopStreamId } from './events';
import { SHOP_SLUG_PATTERN } from './validation';

/**
 * Which shops exist, from their streams (never stale, unlike a read model a moment behind). Shops
 * are never deleted, so a shop once seen is remembered; unknown names are asked again each time.
 */
export class ShopRegistry {
  private readonly known = new Set<string>();

  constructor(
    private readonly store: EventStore,
    /** The shop anonymous visitors land in; it answers even before the demo seed has created it. */
    private readonly defaultShop: string,
  ) {}

  async exists(shopId: string): Promise<boolean> {
    if (shopId === this.defaultShop || this.known.has(shopId)) return true;
    // Not even a possible slug: no need to ask the database about it.
    if (!SHOP_SLUG_PATTERN.test(shopId)) return false;
    const created = await this.store.readStream(shopStreamId(shopId), { tenantId: shopId, toVersion: 1 });
    if (created.length === 0) return false;
    this.known.add(shopId);
    return true;
  }
}
