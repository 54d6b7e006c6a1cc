import type { GraphQLResolveInfo } from 'graphql';
import type { Knex } from 'knex';
import { SafeIntResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { ProductVariantType } from '../catalog/graphql-types';
import type { RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { availableBySku } from './variant-availability';

/**
 * What inventory adds to a catalog variant: how many can still be ordered, so the storefront can
 * say "Only 2 left" or "Out of stock" before a checkout fails on it. A catalog page of variants
 * is one read.
 */
@Resolver(() => ProductVariantType)
export class VariantAvailabilityResolver {
  constructor(private readonly db: Knex) {}

  private readonly availableOf = new ScopedLoader((tenantId, skus: readonly string[]) => availableBySku(this.db, tenantId, skus));

  // Open to visitors, like the catalog itself: a shop tells everyone whether it has a thing.
  @FieldResolver(() => SafeIntResolver, {
    description: 'Units that can be ordered now: on hand minus reserved over all warehouses; 0 when none was ever received. Follows the stock read model.',
  })
  available(@Root() variant: ProductVariantType, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<number> {
    return this.availableOf.load(variant.sku, ctx, info);
  }
}
