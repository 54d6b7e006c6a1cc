import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import type { RequestContext } from '../graphql/context';
import { connectionTypes, pageSize } from '../graphql/pagination';
import { StockLevelType } from './graphql-types';
import { decodeSkuCursor, encodeSkuCursor, type StockLevelListQueries } from './stock-level-list-queries';

export const { Connection: StockLevelConnection } = connectionTypes('StockLevel', StockLevelType);
export type StockLevelConnection = InstanceType<typeof StockLevelConnection>;

@Resolver(() => StockLevelType)
export class StockLevelListResolver {
  constructor(private readonly queries: StockLevelListQueries) {}

  @Authorized(Role.STAFF)
  @Query(() => StockLevelConnection, {
    description: 'Stock levels of every SKU stock was ever booked for, by SKU; `search` matches part of the SKU. Follow one live with `stockLevelChanged`.',
  })
  async stockLevels(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<StockLevelConnection> {
    const size = pageSize(first);
    const rows = await this.queries.list(ctx.tenantId, { limit: size + 1, afterSku: decodeSkuCursor(after), search: search ?? undefined });
    const edges = rows.slice(0, size).map((row) => ({ node: row as StockLevelType, cursor: encodeSkuCursor(row.sku) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
