import type { GraphQLResolveInfo } from 'graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Authorized, Ctx, Info, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { readAfterWrite } from '../graphql/read-after-write';
import { AFTER_DESCRIPTION, readForPush, requirePosition, resumable } from '../graphql/resumable';
import { listening, orderSubscriptionServices } from '../ordering/order-subscriptions';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import type { ReadModelChange } from '../projector/projection';
import type { Projector } from '../projector/projector';
import type { AppendResult } from '../eventstore/types';
import { STOCK_LEVEL_CHANGED } from './events';
import { AdjustStockInput, ReceiveStockInput, StockLevelType, StockMovementConnection, StockMovementType } from './graphql-types';
import { inventoryProjection } from './inventory-projection';
import type { InventoryQueries, StockLevelView } from './inventory-queries';
import type { InventoryService } from './inventory-service';

/**
 * `subscribe` for a SKU's level, resumable. SKUs are unique per shop only: the same SKU in
 * another shop is not this subscriber's. Every push reads the whole level, so a catch-up needs
 * only the latest change.
 */
function stockLevelChanges({ args, context, info }: SubscribeResolverData<unknown, { sku: string; after?: number | null }, RequestContext>): AsyncIterable<ReadModelChange> {
  const after = requirePosition(args.after);
  const { pubSub, changes } = orderSubscriptionServices(info.schema);
  const live = pipe(
    listening(pubSub.subscribe(STOCK_LEVEL_CHANGED, args.sku)),
    filter((change: ReadModelChange) => change.tenantId === context.tenantId),
  );
  return resumable({ live, pubSub, log: changes, tenantId: context.tenantId, key: args.sku, topics: [STOCK_LEVEL_CHANGED], mode: { kind: 'latest' }, after });
}

@Resolver(() => StockLevelType)
export class StockResolver {
  constructor(
    private readonly service: InventoryService,
    private readonly queries: InventoryQueries,
    private readonly projector: Projector,
  ) {}

  // A push is about one SKU: what the loader saves is reading it once for every subscriber.
  private readonly stockLevelOf = new ScopedLoader((tenantId, skus: readonly string[]) => Promise.all(skus.map((sku) => this.queries.stockLevel(tenantId, sku))));

  @Authorized(Role.STAFF)
  @Query(() => StockLevelType, { description: 'Stock of a SKU over all warehouses and per warehouse; zero when none was ever received.' })
  stockLevel(@Arg('sku', () => String) sku: string, @Ctx() ctx: RequestContext): Promise<StockLevelView> {
    return this.queries.stockLevel(ctx.tenantId, sku.trim());
  }

  @Authorized(Role.STAFF)
  @Query(() => StockMovementConnection, { description: 'Every receipt, adjustment, reservation, release, confirmation and commit of a SKU, newest first.' })
  async stockMovements(
    @Arg('sku', () => String) sku: string,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<StockMovementConnection> {
    const size = pageSize(first);
    const rows = await this.queries.movements(ctx.tenantId, sku.trim(), { limit: size + 1, beforeSeq: decodeCursor(after) });
    return toPage(rows, size, (row) => row as unknown as StockMovementType);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => StockLevelType, { description: 'Books units received into a warehouse.' })
  async receiveStock(@Arg('input', () => ReceiveStockInput) input: ReceiveStockInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.receiveStock(input, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => StockLevelType, { description: 'Corrects on-hand after a count or damage; cannot go below what is reserved.' })
  async adjustStock(@Arg('input', () => AdjustStockInput) input: AdjustStockInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.adjustStock(input, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Subscription(() => StockLevelType, {
    description:
      "Pushes a SKU's stock level each time it changes (after the change is committed), with the `position` it reflects. " +
      'With `after`, a level that changed since comes first as it is now.',
    subscribe: stockLevelChanges,
  })
  async stockLevelChanged(
    @Root() change: ReadModelChange,
    @Arg('sku', () => String) _sku: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('after', () => Int, { nullable: true, description: AFTER_DESCRIPTION }) _after?: number | null,
  ): Promise<StockLevelView & { position: number | null }> {
    return { ...(await readForPush(() => this.stockLevelOf.load(change.id, ctx, info))), position: change.revision ?? null };
  }

  private answer(ctx: RequestContext, result: { sku: string; append: AppendResult | undefined }): Promise<StockLevelView> {
    return readAfterWrite(this.projector, inventoryProjection.name, result.append, () => this.queries.stockLevel(ctx.tenantId, result.sku), { what: 'SKU', id: result.sku });
  }
}
