import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON, SafeIntResolver } from 'graphql-scalars';

@ObjectType('OrderHistoryEntry', { description: "One event of the order's story: its own, or one of its checkout, payment, stock reservation or shipment." })
export class OrderHistoryEntryType {
  @Field(() => SafeIntResolver, { description: 'Global position in the event log.' })
  position!: number;

  @Field(() => Int, { description: 'Version of the stream this event was written to.' })
  version!: number;

  @Field(() => String)
  streamId!: string;

  @Field(() => String, { description: 'Order, Checkout, Payment, StockItem, Shipment, …' })
  streamType!: string;

  @Field(() => String, { description: 'The event type, e.g. ItemAddedToOrder.' })
  type!: string;

  @Field(() => GraphQLDateTime, { description: 'When the event was recorded (start of the writing transaction).' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who caused it, as recorded in the event metadata.' })
  actor!: string | null;

  @Field(() => String, { nullable: true, description: 'The request (or process step) the event came from.' })
  correlationId!: string | null;

  @Field(() => GraphQLJSON)
  data!: unknown;
}
