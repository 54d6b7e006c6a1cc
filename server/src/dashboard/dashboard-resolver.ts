import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Info, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../auth/roles';
import type { RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import type { ReadModelChange } from '../projector/projection';
import type { DashboardQueries } from './dashboard-queries';
import type { DashboardView } from './dashboard-view';
import { DashboardType } from './graphql-types';
import { dashboardChanges } from './dashboard-subscription';
import { checkThreshold, DEFAULT_LOW_STOCK_THRESHOLD } from './threshold';

const THRESHOLD_OPTIONS = {
  nullable: true,
  defaultValue: DEFAULT_LOW_STOCK_THRESHOLD,
  description: 'A SKU with this many units available or fewer is a stock alert.',
} as const;

@Resolver(() => DashboardType)
export class DashboardResolver {
  constructor(
    private readonly queries: DashboardQueries,
    /** The dashboard's "now"; a test passes its own. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  // A push is about a whole shop: every subscriber of that shop (with the same threshold) shares one read.
  private readonly dashboardOf = new ScopedLoader((tenantId, thresholds: readonly number[]) =>
    Promise.all(thresholds.map((threshold) => this.queries.dashboard(tenantId, this.clock(), threshold))),
  );

  @Authorized(Role.STAFF)
  @Query(() => DashboardType, { description: "The shop's orders, revenue and failed checkouts of the last hour and the last day, and its low stock. Staff only." })
  dashboard(@Ctx() ctx: RequestContext, @Arg('lowStockThreshold', () => Int, THRESHOLD_OPTIONS) lowStockThreshold: number): Promise<DashboardView> {
    return this.queries.dashboard(ctx.tenantId, this.clock(), checkThreshold(lowStockThreshold));
  }

  @Authorized(Role.STAFF)
  @Subscription(() => DashboardType, {
    description:
      "Pushes the shop's dashboard as it stands once the subscription listens, then again when its figures or stock change (after the change is committed; at most about five times a second). Staff only.",
    subscribe: dashboardChanges,
  })
  dashboardChanged(
    @Root() _change: ReadModelChange,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('lowStockThreshold', () => Int, THRESHOLD_OPTIONS) lowStockThreshold: number,
  ): Promise<DashboardView> {
    return this.dashboardOf.load(lowStockThreshold, ctx, info);
  }
}
