import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime, SafeIntResolver } from 'graphql-scalars';
import { connectionTypes } from '../graphql/pagination';
import { POSITION_DESCRIPTION } from '../graphql/resumable';

export enum StockMovementTypeEnum {
  RECEIVED = 'RECEIVED',
  ADJUSTED = 'ADJUSTED',
  RESERVED = 'RESERVED',
  RELEASED = 'RELEASED',
  CONFIRMED = 'CONFIRMED',
  COMMITTED = 'COMMITTED',
}
registerEnumType(StockMovementTypeEnum, {
  name: 'StockMovementType',
  description: 'RECEIVED and ADJUSTED change on-hand; RESERVED and RELEASED change reserved; CONFIRMED changes neither; COMMITTED (shipped) lowers both.',
});

@ObjectType('StorageLocation', { description: 'A place inside a warehouse (aisle, shelf, bin).' })
export class StorageLocationType {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType('Warehouse')
export class WarehouseType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique within the shop, upper case.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [StorageLocationType])
  locations!: StorageLocationType[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

/**
 * The three quantities every stock figure has; never exposed as a type of its own (no resolver
 * returns it). SafeInt, not Int: new stock stays below 2^31 (MAX_ON_HAND), but events recorded
 * before that bound may hold more, and their figures must still be readable.
 */
@ObjectType('StockQuantities')
abstract class StockQuantities {
  @Field(() => SafeIntResolver)
  onHand!: number;

  @Field(() => SafeIntResolver)
  reserved!: number;

  @Field(() => SafeIntResolver, { description: 'onHand - reserved; never negative.' })
  available!: number;
}

@ObjectType('WarehouseStockLevel', { description: "A SKU's stock in one warehouse." })
export class WarehouseStockLevelType extends StockQuantities {
  @Field(() => WarehouseType)
  warehouse!: WarehouseType;
}

@ObjectType('StockLevel', { description: "A SKU's stock over all warehouses, and per warehouse." })
export class StockLevelType extends StockQuantities {
  @Field(() => String)
  sku!: string;

  @Field(() => [WarehouseStockLevelType])
  warehouses!: WarehouseStockLevelType[];

  @Field(() => Int, { nullable: true, description: POSITION_DESCRIPTION })
  position?: number | null;
}

@ObjectType('StockMovement', { description: 'One change to a SKU in one warehouse; a reservation split over warehouses is one movement per warehouse.' })
export class StockMovementType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => StockMovementTypeEnum)
  type!: StockMovementTypeEnum;

  @Field(() => WarehouseType)
  warehouse!: WarehouseType;

  @Field(() => Int, { description: 'Units moved; for ADJUSTED the signed change.' })
  quantity!: number;

  @Field(() => Int)
  onHandChange!: number;

  @Field(() => Int)
  reservedChange!: number;

  @Field(() => String, { nullable: true, description: 'Why: the adjustment reason, or the release reason (CHECKOUT_FAILED, EXPIRED, CANCELLED).' })
  reason!: string | null;

  @Field(() => ID, { nullable: true })
  orderId!: string | null;

  @Field(() => String, { nullable: true })
  reservationId!: string | null;

  @Field(() => GraphQLDateTime)
  at!: Date;
}

export const { Connection: StockMovementConnection } = connectionTypes('StockMovement', StockMovementType);
export type StockMovementConnection = InstanceType<typeof StockMovementConnection>;

@InputType('CreateWarehouseInput')
export class CreateWarehouseInput {
  @Field(() => String, { description: '1-32 letters, digits, ".", "_" or "-"; stored upper case, unique within the shop.' })
  code!: string;

  @Field(() => String)
  name!: string;
}

@InputType('AddStorageLocationInput')
export class AddStorageLocationInput {
  @Field(() => String, { description: 'Unique within the warehouse.' })
  code!: string;

  @Field(() => String)
  name!: string;
}

@InputType('ReceiveStockInput')
export class ReceiveStockInput {
  @Field(() => String)
  sku!: string;

  @Field(() => ID)
  warehouseId!: string;

  @Field(() => Int, { description: 'Units received, at least 1.' })
  quantity!: number;
}

@InputType('AdjustStockInput')
export class AdjustStockInput {
  @Field(() => String)
  sku!: string;

  @Field(() => ID)
  warehouseId!: string;

  @Field(() => Int, { description: 'Signed change to on-hand (a count found more, damage found fewer); never below what is reserved.' })
  quantityChange!: number;

  @Field(() => String, { description: 'Why, e.g. "stock count" or "damaged in transit".' })
  reason!: string;
}
