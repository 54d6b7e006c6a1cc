import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { readAfterWrite } from '../graphql/read-after-write';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import type { ReadModelChange } from '../projector/projection';
import type { Projector } from '../projector/projector';
import type { AppendResult } from '../eventstore/types';
import { ForbiddenError, NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import { ORDER_PAYMENT_UPDATED } from '../payments/events';
import { ORDER_UPDATED } from './events';
import { OrderConnection, OrderStatusEnum, OrderType } from './graphql-types';
import { customerScope, orderCommandContext, ownerOfNewOrder, type OrderAccess } from './order-access';
import { orderProjection } from './order-projection';
import type { OrderQueries, OrderView } from './order-queries';
import type { OrderingService } from './ordering-service';
import { orderChanges } from './order-subscriptions';
import { AFTER_DESCRIPTION, readForPush } from '../graphql/resumable';
import { createdRange, customerSearch } from './order-list-filters';
import { shopOrderChanges } from './shop-order-changes';
import { pointInTime, type OrderTimeTravel } from './order-time-travel';

@Resolver(() => OrderType)
export class OrderResolver {
  constructor(
    private readonly service: OrderingService,
    private readonly queries: OrderQueries,
    private readonly projector: Projector,
    private readonly timeTravel: OrderTimeTravel,
    private readonly access: OrderAccess,
  ) {}

  private readonly orderById = new ScopedLoader((tenantId, ids: readonly string[]) => this.queries.byIds(tenantId, ids));

  @Authorized()
  @Query(() => OrderType, {
    nullable: true,
    description:
      'The order; with `asOf` or `version` (not both, staff only) as it stood then, rebuilt from its events. Null for an unknown order, or one that did not exist yet at `asOf`. ' +
      "A customer gets NOT_FOUND for any order that is not theirs, unknown ones included.",
  })
  async order(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => GraphQLDateTime, { nullable: true, description: 'A past moment, inclusive.' }) asOf?: Date | null,
    @Arg('version', () => Int, { nullable: true, description: 'A version of the order stream, 1 or more.' }) version?: number | null,
  ): Promise<OrderView | null> {
    const point = pointInTime({ asOf, version });
    const orderId = requireUuid('Order', id);
    if (customerScope(ctx) !== undefined) {
      // Ownership first, so others' orders answer the same whatever else is asked.
      const own = await this.access.require(ctx, orderId);
      if (point) throw new ForbiddenError('Only staff can see an order as it stood in the past');
      return own;
    }
    if (point) return this.timeTravel.at(ctx.tenantId, orderId, point);
    return (await this.queries.byId(ctx.tenantId, orderId)) ?? null;
  }

  @Authorized()
  @Query(() => OrderConnection, { description: "Orders, newest first: all of the shop's for staff, a customer's own for a customer." })
  async orders(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => OrderStatusEnum, { nullable: true }) status?: OrderStatusEnum | null,
    @Arg('customer', () => String, { nullable: true, description: "Only orders whose customer's name or email contains this (ignoring case)." }) customer?: string | null,
    @Arg('createdFrom', () => GraphQLDateTime, { nullable: true, description: 'Only orders created at or after this moment.' }) createdFrom?: Date | null,
    @Arg('createdBefore', () => GraphQLDateTime, { nullable: true, description: 'Only orders created before this moment.' }) createdBefore?: Date | null,
  ): Promise<OrderConnection> {
    const size = pageSize(first);
    const rows = await this.queries.list(ctx.tenantId, {
      limit: size + 1,
      beforeSeq: decodeCursor(after),
      status: status ?? undefined,
      customerId: customerScope(ctx),
      customerSearch: customerSearch(customer),
      ...createdRange(createdFrom, createdBefore),
    });
    return toPage(rows, size, (row) => row as OrderType);
  }

  @Authorized()
  @Mutation(() => OrderType, { description: 'Starts an empty DRAFT order, which belongs to the caller.' })
  async createOrder(@Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.createOrder(commandContext(ctx), ownerOfNewOrder(ctx)));
  }

  @Authorized()
  @Mutation(() => OrderType, { description: 'Adds a published variant; adding one already in the order increases its quantity.' })
  async addOrderItem(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('variantId', () => ID) variantId: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await this.service.addItem(requireUuid('Order', orderId), requireUuid('Variant', variantId), quantity, orderCommandContext(ctx));
    return this.answer(ctx, result);
  }

  @Authorized()
  @Mutation(() => OrderType)
  async changeOrderItemQuantity(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('variantId', () => ID) variantId: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await this.service.changeItemQuantity(requireUuid('Order', orderId), requireUuid('Variant', variantId), quantity, orderCommandContext(ctx));
    return this.answer(ctx, result);
  }

  @Authorized()
  @Mutation(() => OrderType)
  async removeOrderItem(@Arg('orderId', () => ID) orderId: string, @Arg('variantId', () => ID) variantId: string, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.removeItem(requireUuid('Order', orderId), requireUuid('Variant', variantId), orderCommandContext(ctx)));
  }

  @Authorized()
  @Subscription(() => OrderType, {
    description:
      "Pushes the order each time its projected view changes (after the change is committed), with the `position` it reflects. A customer may follow only their own orders (others' are NOT_FOUND). " +
      'With `after`, an order that changed since comes first as it is now.',
    // The order's view includes its payment, whose changes the payments context announces. Every
    // push reads the whole order, so a catch-up needs only the latest change.
    subscribe: orderChanges([ORDER_UPDATED, ORDER_PAYMENT_UPDATED], { kind: 'latest' }),
  })
  async orderUpdated(
    @Root() change: ReadModelChange,
    @Arg('orderId', () => ID) _orderId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('after', () => Int, { nullable: true, description: AFTER_DESCRIPTION }) _after?: number | null,
  ): Promise<OrderView & { position: number | null }> {
    // Read in the subscriber's shop, and only what they may see, whatever the push claims. Every
    // subscriber to this change shares the one read (the loader lives as long as the change).
    const order = this.access.visible(ctx, await readForPush(() => this.pushed(change, ctx, info)));
    if (!order) throw new NotFoundError('Order', change.id);
    // The read came after the change committed, so it reflects at least this position.
    return { ...order, position: change.revision ?? null };
  }

  @Authorized()
  @Subscription(() => OrderType, {
    description:
      "Pushes an order each time its projected view changes, for every order of the caller's shop (staff and admins) or every order of their own (customers): new orders included.",
    subscribe: shopOrderChanges([ORDER_UPDATED, ORDER_PAYMENT_UPDATED]),
  })
  async ordersChanged(@Root() change: ReadModelChange, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OrderView> {
    // The subscription already keeps to the caller's orders; the read checks again, whatever the push claims.
    const order = this.access.visible(ctx, await this.pushed(change, ctx, info));
    if (!order) throw new NotFoundError('Order', change.id);
    return order;
  }

  /** The order a push of `change` shows: as this node's projector left it, when at least as new as the change; else read (once for all subscribers). */
  private async pushed(change: ReadModelChange, ctx: RequestContext, info: GraphQLResolveInfo): Promise<OrderView | undefined> {
    // In the subscriber's shop, whatever the push claims.
    return (await this.queries.keptForPush(ctx.tenantId, change)) ?? this.orderById.load(change.id, ctx, info);
  }

  private answer(ctx: RequestContext, result: { orderId: string; append: AppendResult | undefined }): Promise<OrderView> {
    return readAfterWrite(this.projector, orderProjection.name, result.append, () => this.queries.afterWrite(ctx.tenantId, result.orderId, result.append), {
      what: 'Order',
      id: result.orderId,
    });
  }
}
