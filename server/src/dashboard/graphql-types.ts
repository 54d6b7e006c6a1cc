import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, SafeIntResolver } from 'graphql-scalars';
import { CheckoutFailureReasonEnum } from '../checkout/graphql-types';
import { MoneyType } from '../shared/money-types';

export enum StockAlertLevelEnum {
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  LOW = 'LOW',
}
registerEnumType(StockAlertLevelEnum, { name: 'StockAlertLevel', description: 'OUT_OF_STOCK: nothing available; LOW: some, at or below the threshold.' });

@ObjectType('DashboardFailureCount', { description: 'Checkouts that failed for one reason.' })
export class DashboardFailureCountType {
  @Field(() => CheckoutFailureReasonEnum)
  reason!: CheckoutFailureReasonEnum;

  @Field(() => Int)
  count!: number;
}

@ObjectType('DashboardBucket', { description: 'Orders placed in one step of a window.' })
export class DashboardBucketType {
  @Field(() => GraphQLDateTime, { description: 'Start of the step.' })
  start!: Date;

  @Field(() => Int)
  ordersPlaced!: number;
}

@ObjectType('DashboardWindow', { description: 'Figures of the whole minutes from `from` up to `to` (the end of the current minute).' })
export class DashboardWindowType {
  @Field(() => GraphQLDateTime)
  from!: Date;

  @Field(() => GraphQLDateTime)
  to!: Date;

  @Field(() => Int, { description: 'Orders placed (checkouts completed).' })
  ordersPlaced!: number;

  @Field(() => [MoneyType], { description: "Sum of the placed orders' totals, one entry per currency, by currency code." })
  revenue!: MoneyType[];

  @Field(() => Int)
  checkoutsFailed!: number;

  @Field(() => [DashboardFailureCountType], { description: 'Every failure reason, zero counts included.' })
  failuresByReason!: DashboardFailureCountType[];

  @Field(() => [DashboardBucketType], { description: 'Orders placed per minute (last hour) or per hour (last day), oldest first.' })
  ordersOverTime!: DashboardBucketType[];
}

@ObjectType('DashboardStockAlert', { description: 'A SKU whose available stock over all warehouses is at or below the threshold.' })
export class DashboardStockAlertType {
  @Field(() => String)
  sku!: string;

  // SafeInt like the inventory's own figures: stock recorded before its bound may exceed 2^31.
  @Field(() => SafeIntResolver)
  onHand!: number;

  @Field(() => SafeIntResolver)
  reserved!: number;

  @Field(() => SafeIntResolver)
  available!: number;

  @Field(() => StockAlertLevelEnum)
  level!: StockAlertLevelEnum;
}

@ObjectType('Dashboard', { description: "The shop's figures of the last hour and the last day, and its low stock." })
export class DashboardType {
  @Field(() => GraphQLDateTime, { description: 'When the figures were read.' })
  at!: Date;

  @Field(() => DashboardWindowType)
  lastHour!: DashboardWindowType;

  @Field(() => DashboardWindowType)
  lastDay!: DashboardWindowType;

  @Field(() => Int)
  lowStockThreshold!: number;

  @Field(() => [DashboardStockAlertType], { description: 'Least available first, at most 50.' })
  stockAlerts!: DashboardStockAlertType[];

  @Field(() => Int, { description: 'How many SKUs are at or below the threshold, listed or not.' })
  stockAlertCount!: number;
}
