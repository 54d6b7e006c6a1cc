import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { readAfterWrite } from '../graphql/read-after-write';
import { OrderType } from '../ordering/graphql-types';
import { orderCommandContext } from '../ordering/order-access';
import { orderProjection } from '../ordering/order-projection';
import { orderChanges } from '../ordering/order-subscriptions';
import { AFTER_DESCRIPTION } from '../graphql/resumable';
import type { OrderQueries, OrderView } from '../ordering/order-queries';
import { PaymentType } from '../payments/graphql-types';
import type { PaymentQueries } from '../payments/payment-queries';
import type { ReadModelChange } from '../projector/projection';
import type { Projector } from '../projector/projector';
import { requireUuid } from '../shared/ids';
import type { CheckoutQueries } from './checkout-queries';
import type { CheckoutRequests } from './checkout-requests';
import { CHECKOUT_STATUS_CHANGED } from './events';
import { CheckoutStatusUpdateType, OrderCheckoutType, PaymentInput } from './graphql-types';

@Resolver(() => OrderType)
export class CheckoutResolver {
  constructor(
    private readonly requests: CheckoutRequests,
    private readonly orders: OrderQueries,
    private readonly checkouts: CheckoutQueries,
    private readonly payments: PaymentQueries,
    private readonly projector: Projector,
  ) {}

  private readonly checkoutOf = new ScopedLoader((tenantId, orderIds: readonly string[]) => this.checkouts.latestForOrders(tenantId, orderIds));
  private readonly paymentOf = new ScopedLoader((tenantId, orderIds: readonly string[]) => this.payments.latestByOrderIds(tenantId, orderIds));

  @Authorized()
  @Mutation(() => OrderType, {
    description:
      'Asks for checkout and returns at once with status CHECKOUT_PENDING; follow `checkoutStatusChanged` or `orderUpdated` for the outcome. ' +
      'Sending the same idempotencyKey again starts nothing new.',
  })
  async checkoutOrder(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('payment', () => PaymentInput) payment: PaymentInput,
    @Arg('idempotencyKey', () => String) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrderView> {
    const id = requireUuid('Order', orderId);
    const { append } = await this.requests.request(id, { paymentToken: payment.token, idempotencyKey }, orderCommandContext(ctx));
    return readAfterWrite(this.projector, orderProjection.name, append, () => this.orders.afterWrite(ctx.tenantId, id, append), { what: 'Order', id });
  }

  // An order reaches a caller only if they may see it: its checkout and payment status go with it.
  @Authorized()
  @FieldResolver(() => OrderCheckoutType, { nullable: true, description: 'The latest checkout attempt; null before the first.' })
  async checkout(@Root() order: OrderView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return (await this.checkoutOf.load(order.id, ctx, info)) ?? null;
  }

  @Authorized()
  @FieldResolver(() => PaymentType, { nullable: true, description: "The payment of the order's latest checkout that reached the gateway." })
  async payment(@Root() order: OrderView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    return (await this.paymentOf.load(order.id, ctx, info)) ?? null;
  }

  @Authorized()
  @Subscription(() => CheckoutStatusUpdateType, {
    description:
      "Pushes each step of the checkout of an order, after it is recorded and projected, with its `position`. A customer may follow only their own orders (others' are NOT_FOUND). " +
      'With `after`, the steps taken since come first, each of them.',
    // A step is in the change itself: a catch-up delivers every missed one.
    subscribe: orderChanges([CHECKOUT_STATUS_CHANGED], { kind: 'every' }),
  })
  checkoutStatusChanged(
    @Root() change: ReadModelChange,
    @Arg('orderId', () => ID) _orderId: string,
    @Arg('after', () => Int, { nullable: true, description: AFTER_DESCRIPTION }) _after?: number | null,
  ): CheckoutStatusUpdateType {
    const data = change.data as { status: CheckoutStatusUpdateType['status']; failureReason: CheckoutStatusUpdateType['failureReason']; at: string };
    return { orderId: change.id, status: data.status, failureReason: data.failureReason, at: new Date(data.at), position: change.revision ?? null };
  }
}
