import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { connectionTypes } from '../graphql/pagination';
import { POSITION_DESCRIPTION } from '../graphql/resumable';

export enum ShipmentStatusEnum {
  PENDING = 'PENDING',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ShipmentStatusEnum, { name: 'ShipmentStatus', description: 'PENDING → SHIPPED → DELIVERED, or PENDING → CANCELLED. DELIVERED and CANCELLED are final.' });

@InputType('ShipmentLineInput')
export class ShipmentLineInput {
  @Field(() => ID, { description: 'A variant of the order.' })
  variantId!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('ShipmentLine')
export class ShipmentLineType {
  @Field(() => ID)
  variantId!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('Shipment', { description: 'Part or all of an order, sent by one carrier.' })
export class ShipmentType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  orderId!: string;

  @Field(() => ShipmentStatusEnum)
  status!: ShipmentStatusEnum;

  @Field(() => String)
  carrier!: string;

  @Field(() => String, { nullable: true, description: 'Set when the shipment is shipped.' })
  trackingNumber!: string | null;

  @Field(() => [ShipmentLineType])
  lines!: ShipmentLineType[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true })
  shippedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  cancelledAt!: Date | null;

  @Field(() => Int, { nullable: true, description: POSITION_DESCRIPTION })
  position?: number | null;
}

export const { Connection: ShipmentConnection } = connectionTypes('Shipment', ShipmentType);
export type ShipmentConnection = InstanceType<typeof ShipmentConnection>;
