import type { GraphQLSchema } from 'graphql';
import type { Knex } from 'knex';
import type { ChangePubSub } from '../graphql/pubsub';
import type { ResolverContainer } from '../graphql/schema';
import { dashboardProjection } from './dashboard-projection';
import { DashboardQueries } from './dashboard-queries';
import { DashboardRelay } from './dashboard-relay';
import { DashboardResolver } from './dashboard-resolver';
import { provideDashboardSubscriptions } from './dashboard-subscription';

export const dashboardProjections = [dashboardProjection];
export const dashboardResolvers = [DashboardResolver];

/** The back office dashboard: its read model, its query and subscription, and the relay that drives the pushes. */
export function createDashboardModule(deps: { db: Knex; pubSub: ChangePubSub }) {
  const queries = new DashboardQueries(deps.db);
  const relay = new DashboardRelay(deps.pubSub);
  return {
    queries,
    relay,
    register(container: ResolverContainer) {
      container.register(DashboardResolver, new DashboardResolver(queries));
    },
    /** Once the schema is built: `dashboardChanged` finds the pub/sub through it. */
    provide(schema: GraphQLSchema) {
      provideDashboardSubscriptions(schema, deps.pubSub);
    },
  };
}
