import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { POSITION_DESCRIPTION } from '../graphql/resumable';

export enum CheckoutStatusEnum {
  STARTED = 'STARTED',
  RESERVING_STOCK = 'RESERVING_STOCK',
  STOCK_RESERVED = 'STOCK_RESERVED',
  AUTHORIZING_PAYMENT = 'AUTHORIZING_PAYMENT',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(CheckoutStatusEnum, { name: 'CheckoutStatus', description: 'The step a checkout has reached.' });

export enum CheckoutFailureReasonEnum {
  OUT_OF_STOCK = 'OUT_OF_STOCK',
  PAYMENT_DECLINED = 'PAYMENT_DECLINED',
  PAYMENT_ERROR = 'PAYMENT_ERROR',
  RESERVATION_EXPIRED = 'RESERVATION_EXPIRED',
}
registerEnumType(CheckoutFailureReasonEnum, { name: 'CheckoutFailureReason' });

@InputType('PaymentInput')
export class PaymentInput {
  @Field(() => String, { description: 'A payment gateway token. Simulated gateway: tok_visa, tok_ok_*, tok_decline_<code>, tok_flaky.' })
  token!: string;
}

@ObjectType('OrderCheckout', { description: "The order's latest checkout attempt." })
export class OrderCheckoutType {
  @Field(() => CheckoutStatusEnum)
  status!: CheckoutStatusEnum;

  @Field(() => CheckoutFailureReasonEnum, { nullable: true })
  failureReason!: CheckoutFailureReasonEnum | null;

  @Field(() => [String], { description: 'With OUT_OF_STOCK: every SKU that did not fit.' })
  outOfStockSkus!: string[];

  @Field(() => String, { nullable: true, description: "With PAYMENT_DECLINED: the gateway's decline code." })
  declineCode!: string | null;

  @Field(() => Int)
  attempts!: number;
}

@ObjectType('CheckoutStatusUpdate')
export class CheckoutStatusUpdateType {
  @Field(() => ID)
  orderId!: string;

  @Field(() => CheckoutStatusEnum)
  status!: CheckoutStatusEnum;

  @Field(() => CheckoutFailureReasonEnum, { nullable: true })
  failureReason!: CheckoutFailureReasonEnum | null;

  @Field(() => GraphQLDateTime)
  at!: Date;

  @Field(() => Int, { nullable: true, description: POSITION_DESCRIPTION })
  position?: number | null;
}
