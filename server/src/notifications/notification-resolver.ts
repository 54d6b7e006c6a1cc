import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { requireUuid } from '../shared/ids';
import { NotificationType } from './graphql-types';
import type { NotificationQueries, NotificationView } from './notification-queries';

@Resolver(() => NotificationType)
export class NotificationResolver {
  constructor(private readonly queries: NotificationQueries) {}

  @Query(() => [NotificationType], { description: 'Notifications sent about an order, oldest first. Sent shortly after the event that causes them.' })
  notifications(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: RequestContext): Promise<NotificationView[]> {
    return this.queries.forOrder(ctx.tenantId, requireUuid('Order', orderId));
  }
}
