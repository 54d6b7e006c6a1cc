import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import type { RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { OrderType } from '../ordering/graphql-types';
import type { OrderView } from '../ordering/order-queries';
import { OrderHistoryEntryType } from './graphql-types';
import type { HistoryCut, OrderHistoryEntry, OrderHistoryQueries } from './order-history-queries';

@Resolver(() => OrderType)
export class OrderHistoryResolver {
  constructor(private readonly queries: OrderHistoryQueries) {}

  private readonly historyOf = new ScopedLoader((tenantId, orderIds: readonly string[]) => this.queries.forOrders(tenantId, orderIds));

  // The audit trail shows the shop's inner workings (reservations, gateway steps, who did what): staff only.
  @Authorized(Role.STAFF)
  @FieldResolver(() => [OrderHistoryEntryType], {
    description:
      'The audit trail: the events of the order, its checkouts, payments, stock reservations and shipments, in log order. ' +
      'Follows the log shortly after a write. On a past view of the order (asOf/version) it stops at that point.',
  })
  history(@Root() order: OrderView & { historyCut?: HistoryCut }, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OrderHistoryEntry[]> {
    // A past view is of one order, with a cut of its own: read on its own.
    if (order.historyCut) return this.queries.forOrder(ctx.tenantId, order.id, order.historyCut);
    return this.historyOf.load(order.id, ctx, info);
  }
}
