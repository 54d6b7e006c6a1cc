import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import type { RecentRows } from '../projector/recent-rows';
import type { AnnouncedVersions } from '../projector/announced-versions';
import { OrderAccess } from './order-access';
import { orderProjection } from './order-projection';
import { OrderQueries } from './order-queries';
import { OrderResolver } from './order-resolver';
import { OrderCustomerResolver } from './order-customer-resolver';
import { OrderCustomers } from './order-customers';
import { OrderingService } from './ordering-service';
import { OrderTimeTravel } from './order-time-travel';
import type { VariantCatalog } from './variant-catalog';

export const orderingProjections = [orderProjection];
export const orderingResolvers = [OrderResolver, OrderCustomerResolver];

/**
 * `recentRows`: where this node's projector keeps the rows its batches leave, and
 * `announcedVersions`: the versions the change NOTIFYs announced, for answers and pushes to use.
 */
export function createOrderingModule(deps: { db: Knex; store: EventStore; catalog: VariantCatalog; recentRows?: RecentRows; announcedVersions?: AnnouncedVersions }) {
  const queries = new OrderQueries(deps.db, deps.recentRows, deps.announcedVersions);
  const service = new OrderingService(deps.store, deps.catalog);
  /** Who may see which order: every context serving an order to a caller goes through it. */
  const access = new OrderAccess(queries);
  return {
    queries,
    service,
    access,
    register(container: ResolverContainer, projector: Projector) {
      container.register(OrderResolver, new OrderResolver(service, queries, projector, new OrderTimeTravel(deps.store), access));
      container.register(OrderCustomerResolver, new OrderCustomerResolver(new OrderCustomers(deps.db)));
    },
  };
}
