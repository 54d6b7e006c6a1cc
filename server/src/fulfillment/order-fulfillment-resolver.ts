import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { checkoutProjection } from '../checkout/checkout-projection';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { ORDER_HISTORY_PROJECTION } from '../history/order-history-projection';
import { OrderType } from '../ordering/graphql-types';
import { orderCommandContext } from '../ordering/order-access';
import type { OrderQueries, OrderView } from '../ordering/order-queries';
import type { OrderingService } from '../ordering/ordering-service';
import type { Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import { ShipmentType } from './graphql-types';
import type { OrderCancellation } from './order-cancellation';
import type { ShipmentQueries, ShipmentView } from './shipment-queries';
import { FULFILLMENT_READ_MODELS, waitForProjections } from './wait-for-projections';

/** The answer is the whole order: its checkout and history show the cancellation too. */
const ORDER_READ_MODELS = [...FULFILLMENT_READ_MODELS, checkoutProjection.name, ORDER_HISTORY_PROJECTION];

/** What fulfillment adds to the order: its shipments, and cancellation with its consequences. */
@Resolver(() => OrderType)
export class OrderFulfillmentResolver {
  constructor(
    private readonly ordering: OrderingService,
    private readonly orders: OrderQueries,
    private readonly shipmentQueries: ShipmentQueries,
    private readonly cancellation: OrderCancellation,
    private readonly projector: Projector,
  ) {}

  private readonly shipmentsOf = new ScopedLoader((tenantId, orderIds: readonly string[]) => this.shipmentQueries.byOrderIds(tenantId, orderIds));

  // Reached only through an order the caller may see.
  @Authorized()
  @FieldResolver(() => [ShipmentType], { description: 'Every shipment of the order, cancelled ones included, oldest first.' })
  shipments(@Root() order: OrderView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ShipmentView[]> {
    return this.shipmentsOf.load(order.id, ctx, info);
  }

  @Authorized()
  @Mutation(() => OrderType, {
    description:
      'Cancels a DRAFT or PLACED order: its reservation is released, the authorization voided (or what was captured refunded), pending shipments cancelled. ' +
      'Refused (INVALID_STATE) during a checkout and once anything has shipped.',
  })
  async cancelOrder(@Arg('orderId', () => ID) orderId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext): Promise<OrderView> {
    const id = requireUuid('Order', orderId);
    const command = commandContext(ctx);
    // A customer's cancellation finds only their own orders; what follows from it is the shop's doing.
    const result = await this.ordering.cancelOrder(id, reason, orderCommandContext(ctx));
    const settled = await this.cancellation.completeOrDefer(id, command);
    await waitForProjections(this.projector, [result.append?.checkpoint, ...settled], ORDER_READ_MODELS);
    const view = await this.orders.byId(ctx.tenantId, id);
    if (!view) throw new NotFoundError('Order', id);
    return view;
  }
}
