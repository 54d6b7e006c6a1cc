import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Ctx, Field, FieldResolver, ID, Info, ObjectType, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { OrderType } from './graphql-types';
import type { OrderCustomers, OrderCustomerView } from './order-customers';
import type { OrderView } from './order-queries';

@ObjectType('OrderCustomer', { description: 'The account an order belongs to.' })
export class OrderCustomerType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;
}

@Resolver(() => OrderType)
export class OrderCustomerResolver {
  constructor(private readonly customers: OrderCustomers) {}

  private readonly customerById = new ScopedLoader((tenantId, ids: readonly string[]) => this.customers.byIds(tenantId, ids));

  // Whoever may see the order may see whose it is: a customer sees only their own orders.
  @Authorized()
  @FieldResolver(() => OrderCustomerType, { nullable: true, description: 'Who the order belongs to; null for orders from before accounts.' })
  async customer(@Root() order: OrderView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<OrderCustomerView | null> {
    if (!order.customerId) return null;
    return (await this.customerById.load(order.customerId, ctx, info)) ?? null;
  }
}
