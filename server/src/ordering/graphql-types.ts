import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { connectionTypes } from '../graphql/pagination';
import { MoneyType } from '../shared/money-types';
import { POSITION_DESCRIPTION } from '../graphql/resumable';

export enum OrderStatusEnum {
  DRAFT = 'DRAFT',
  CHECKOUT_PENDING = 'CHECKOUT_PENDING',
  PLACED = 'PLACED',
  PARTIALLY_SHIPPED = 'PARTIALLY_SHIPPED',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatusEnum, { name: 'OrderStatus' });

@ObjectType('OrderItem', { description: 'A line of an order, with the catalog data as it was when the item was added.' })
export class OrderItemType {
  @Field(() => ID)
  variantId!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => String)
  productName!: string;

  @Field(() => String)
  variantName!: string;

  @Field(() => MoneyType)
  unitPrice!: MoneyType;

  @Field(() => Int)
  quantity!: number;

  @Field(() => MoneyType)
  lineTotal!: MoneyType;
}

@ObjectType('Order')
export class OrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The account the order belongs to (who created it); null for orders from before accounts.' })
  customerId!: string | null;

  @Field(() => OrderStatusEnum)
  status!: OrderStatusEnum;

  @Field(() => Int, { description: 'Version of the order stream this view reflects.' })
  version!: number;

  @Field(() => [OrderItemType])
  items!: OrderItemType[];

  @Field(() => MoneyType, { nullable: true, description: 'Sum of the line totals; null while the order has no items (and so no currency).' })
  total!: MoneyType | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;

  @Field(() => Int, { nullable: true, description: POSITION_DESCRIPTION })
  position?: number | null;
}

export const { Connection: OrderConnection } = connectionTypes('Order', OrderType);
export type OrderConnection = InstanceType<typeof OrderConnection>;
