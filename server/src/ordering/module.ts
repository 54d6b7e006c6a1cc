import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { orderProjection } from './order-projection';
import { OrderQueries } from './order-queries';
import { OrderResolver } from './order-resolver';
import { OrderingService } from './ordering-service';
import { OrderTimeTravel } from './order-time-travel';
import type { VariantCatalog } from './variant-catalog';

export const orderingProjections = [orderProjection];
export const orderingResolvers = [OrderResolver];

export function createOrderingModule(deps: { db: Knex; store: EventStore; catalog: VariantCatalog }) {
  const queries = new OrderQueries(deps.db);
  const service = new OrderingService(deps.store, deps.catalog);
  return {
    queries,
    service,
    register(container: ResolverContainer, projector: Projector) {
      container.register(OrderResolver, new OrderResolver(service, queries, projector, new OrderTimeTravel(deps.store)));
    },
  };
}
