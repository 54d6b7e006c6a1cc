import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { customerScope, type OrderAccess } from '../ordering/order-access';
import { requireUuid } from '../shared/ids';
import { NotificationType } from './graphql-types';
import type { NotificationQueries, NotificationView } from './notification-queries';

@Resolver(() => NotificationType)
export class NotificationResolver {
  constructor(
    private readonly queries: NotificationQueries,
    private readonly orders: OrderAccess,
  ) {}

  @Authorized()
  @Query(() => [NotificationType], {
    description: "Notifications sent about an order, oldest first. Sent shortly after the event that causes them. A customer gets NOT_FOUND for others' orders.",
  })
  async notifications(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: RequestContext): Promise<NotificationView[]> {
    const id = requireUuid('Order', orderId);
    if (customerScope(ctx) !== undefined) await this.orders.require(ctx, id);
    return this.queries.forOrder(ctx.tenantId, id);
  }
}
