import { Field, InputType, ObjectType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import type { Money } from './money';

@ObjectType('Money', { description: 'An amount in integer minor units (e.g. cents) of an ISO 4217 currency.' })
export class MoneyType implements Money {
  @Field(() => SafeIntResolver, { description: 'Minor units: 1999 in EUR is €19.99.' })
  amount!: number;

  @Field(() => String, { description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;
}

@InputType('MoneyInput')
export class MoneyInput implements Money {
  @Field(() => SafeIntResolver, { description: 'Minor units: 1999 in EUR is €19.99.' })
  amount!: number;

  @Field(() => String, { description: 'ISO 4217 code, e.g. EUR.' })
  currency!: string;
}
