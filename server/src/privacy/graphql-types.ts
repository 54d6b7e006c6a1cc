import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('CustomerErasure', { description: "A customer's personal data erased: their name and email read [erased] everywhere from now on." })
export class CustomerErasureType {
  @Field(() => ID)
  customerId!: string;

  @Field(() => GraphQLDateTime, { description: 'When this answer was given: the erasure holds from then on.' })
  erasedAt!: Date;
}
