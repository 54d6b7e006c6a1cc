import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { Role } from '../auth/roles';

@ObjectType('User', { description: 'An account of one shop.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Lowercased; unique within the shop.' })
  email!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { description: 'The slug of the shop the account belongs to; its tokens are good only there.' })
  shop!: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@ObjectType('AuthPayload', { description: 'A bearer (access) token (send it as `Authorization: Bearer <token>`), the refresh token that renews it, and whose they are.' })
export class AuthPayload {
  @Field(() => String, { description: 'The access token; short-lived (ACCESS_TOKEN_TTL_SECONDS).' })
  token!: string;

  @Field(() => GraphQLDateTime, { description: 'When the access token stops being accepted: refresh it before then (refreshSession).' })
  expiresAt!: Date;

  @Field(() => String, { description: 'Opaque; trades for a new access token and a new refresh token once (refreshSession). Presenting one already traded ends the session.' })
  refreshToken!: string;

  @Field(() => GraphQLDateTime, { description: 'When the refresh token stops working: sign in again then.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => UserType)
  user!: UserType;
}

@ObjectType('Shop', { description: 'A shop (tenant): its slug is its id.' })
export class ShopType {
  @Field(() => String)
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;
}

@InputType('ShopOwnerInput', { description: "The new shop's first ADMIN." })
export class ShopOwnerInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  name!: string;
}
