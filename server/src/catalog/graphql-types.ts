import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { connectionTypes } from '../graphql/pagination';
import { MoneyInput, MoneyType } from '../shared/money-types';

export enum ProductStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProductStatusEnum, { name: 'ProductStatus', description: 'Only published products are listed and can be ordered.' });

@ObjectType('ProductVariant', { description: 'A sellable version of a product, identified by its SKU.' })
export class ProductVariantType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  sku!: string;

  @Field(() => String)
  name!: string;

  @Field(() => MoneyType)
  price!: MoneyType;
}

@ObjectType('Product')
export class ProductType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => ProductStatusEnum)
  status!: ProductStatusEnum;

  @Field(() => Int, { description: 'Version of the product stream this view reflects.' })
  version!: number;

  @Field(() => [ProductVariantType])
  variants!: ProductVariantType[];

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

export const { Connection: ProductConnection } = connectionTypes('Product', ProductType);
export type ProductConnection = InstanceType<typeof ProductConnection>;

@InputType('CreateProductInput')
export class CreateProductInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { defaultValue: '' })
  description!: string;
}

@InputType('AddProductVariantInput')
export class AddProductVariantInput {
  @Field(() => String, { description: 'Unique within the shop: 1-64 letters, digits, ".", "_" or "-".' })
  sku!: string;

  @Field(() => String)
  name!: string;

  @Field(() => MoneyInput)
  price!: MoneyInput;
}
