import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import type { RecentRows } from '../projector/recent-rows';
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

/** `recentRows`: where this node's projector keeps the rows its batches leave, for answers and pushes to use. */
export function createOrderingModule(deps: { db: Knex; store: EventStore; catalog: VariantCatalog; recentRows?: RecentRows }) {
  const queries = new OrderQueries(deps.db, deps.recentRows);
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
