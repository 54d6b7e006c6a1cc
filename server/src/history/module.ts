import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import { orderHistoryProjection } from './order-history-projection';
import { OrderHistoryQueries } from './order-history-queries';
import { OrderHistoryResolver } from './order-history-resolver';

export const historyProjections = [orderHistoryProjection];
export const historyResolvers = [OrderHistoryResolver];

export function createHistoryModule(deps: { db: Knex; store: Pick<EventStore, 'open'> }) {
  const queries = new OrderHistoryQueries(deps.db, deps.store);
  return {
    queries,
    register(container: ResolverContainer) {
      container.register(OrderHistoryResolver, new OrderHistoryResolver(queries));
    },
  };
}
