import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';

export enum NotificationKindEnum {
  ORDER_PLACED = 'ORDER_PLACED',
  CHECKOUT_FAILED = 'CHECKOUT_FAILED',
  SHIPMENT_SHIPPED = 'SHIPMENT_SHIPPED',
  SHIPMENT_DELIVERED = 'SHIPMENT_DELIVERED',
  ORDER_CANCELLED = 'ORDER_CANCELLED',
  PAYMENT_REFUNDED = 'PAYMENT_REFUNDED',
}
registerEnumType(NotificationKindEnum, { name: 'NotificationKind' });

@ObjectType('Notification', { description: 'A message sent to the customer about their order (the default sender is a mock mailbox).' })
export class NotificationType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  orderId!: string;

  @Field(() => NotificationKindEnum)
  kind!: NotificationKindEnum;

  @Field(() => String)
  recipient!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  body!: string;

  @Field(() => GraphQLJSON, { description: 'The data the message was rendered from: the causing event, with its type as eventType.' })
  data!: unknown;

  @Field(() => GraphQLDateTime, { description: 'When the causing event was recorded.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  sentAt!: Date;
}
