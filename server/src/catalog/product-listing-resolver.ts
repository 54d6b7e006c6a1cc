import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import type { RequestContext } from '../graphql/context';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import { ProductConnection, ProductStatusEnum, ProductType } from './graphql-types';
import type { ProductListingQueries } from './product-listing-queries';

@Resolver(() => ProductType)
export class ProductListingResolver {
  constructor(private readonly queries: ProductListingQueries) {}

  // Staff may already read any product by id; this lists them, drafts and archived ones included.
  @Authorized(Role.STAFF)
  @Query(() => ProductConnection, {
    description: 'Staff: every product in any status, newest first; `status` narrows it, `search` matches the name or a SKU.',
  })
  async catalogProducts(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('status', () => ProductStatusEnum, { nullable: true }) status?: ProductStatusEnum | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<ProductConnection> {
    const size = pageSize(first);
    const rows = await this.queries.list(ctx.tenantId, { limit: size + 1, beforeSeq: decodeCursor(after), status: status ?? undefined, search: search ?? undefined });
    return toPage(rows, size, (row) => row as ProductType);
  }
}
