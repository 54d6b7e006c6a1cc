import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { inventoryProjection } from './inventory-projection';
import { InventoryQueries } from './inventory-queries';
import { InventoryService } from './inventory-service';
import { ReservationExpiry } from './reservation-expiry';
import type { SkuRegistry } from './sku-registry';
import { StockResolver } from './stock-resolver';
import { StockLevelListQueries } from './stock-level-list-queries';
import { StockLevelListResolver } from './stock-level-list-resolver';
import { VariantAvailabilityResolver } from './variant-availability-resolver';
import { WarehouseResolver } from './warehouse-resolver';

export const inventoryProjections = [inventoryProjection];
export const inventoryResolvers = [WarehouseResolver, StockResolver, VariantAvailabilityResolver, StockLevelListResolver];

export function createInventoryModule(deps: { db: Knex; store: EventStore; skus: SkuRegistry; logger: Logger; expiryIntervalMs?: number }) {
  const queries = new InventoryQueries(deps.db);
  const service = new InventoryService(deps.store, deps.skus);
  const expiry = new ReservationExpiry({ queries, service, logger: deps.logger, intervalMs: deps.expiryIntervalMs });
  return {
    queries,
    service,
    expiry,
    register(container: ResolverContainer, projector: Projector) {
      container.register(WarehouseResolver, new WarehouseResolver(service, queries, projector));
      container.register(StockResolver, new StockResolver(service, queries, projector));
      container.register(StockLevelListResolver, new StockLevelListResolver(new StockLevelListQueries(deps.db, queries)));
      container.register(VariantAvailabilityResolver, new VariantAvailabilityResolver(deps.db));
    },
  };
}
