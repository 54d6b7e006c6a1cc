import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { connectionTypes } from '../graphql/pagination';
import { MoneyType } from '../shared/money-types';

export enum PaymentStatusEnum {
  PENDING = 'PENDING',
  AUTHORIZED = 'AUTHORIZED',
  DECLINED = 'DECLINED',
  PARTIALLY_CAPTURED = 'PARTIALLY_CAPTURED',
  CAPTURED = 'CAPTURED',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
  VOIDED = 'VOIDED',
}
registerEnumType(PaymentStatusEnum, { name: 'PaymentStatus' });

@ObjectType('Payment', { description: 'A card payment for an order: authorized, then captured in one or more parts, refunded or voided.' })
export class PaymentType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  orderId!: string;

  @Field(() => PaymentStatusEnum)
  status!: PaymentStatusEnum;

  @Field(() => MoneyType, { description: 'The amount asked for.' })
  amount!: MoneyType;

  @Field(() => MoneyType)
  amountAuthorized!: MoneyType;

  @Field(() => MoneyType)
  amountCaptured!: MoneyType;

  @Field(() => MoneyType)
  amountRefunded!: MoneyType;

  @Field(() => String, { nullable: true, description: 'Why the card was declined, e.g. insufficient_funds.' })
  declineCode!: string | null;

  @Field(() => String, { nullable: true, description: 'The issuing bank that declined the card.' })
  bank!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

export const { Connection: PaymentConnection } = connectionTypes('Payment', PaymentType);
export type PaymentConnection = InstanceType<typeof PaymentConnection>;

@ObjectType('PaymentDeclineGroup', { description: 'Declines of one UTC day with one decline code from one bank, in one currency.' })
export class PaymentDeclineGroupType {
  @Field(() => GraphQLLocalDate, { description: 'The UTC day of the declines.' })
  day!: string;

  @Field(() => String)
  declineCode!: string;

  @Field(() => String)
  bank!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => MoneyType, { description: 'The declined amounts added up.' })
  amount!: MoneyType;
}
