import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import type { AppendResult } from '../eventstore/types';
import { requireUuid } from '../shared/ids';
import { AddStorageLocationInput, CreateWarehouseInput, WarehouseType } from './graphql-types';
import { inventoryProjection } from './inventory-projection';
import type { InventoryQueries, WarehouseView } from './inventory-queries';
import type { InventoryService } from './inventory-service';

@Resolver(() => WarehouseType)
export class WarehouseResolver {
  constructor(
    private readonly service: InventoryService,
    private readonly queries: InventoryQueries,
    private readonly projector: Projector,
  ) {}

  @Authorized(Role.STAFF)
  @Query(() => [WarehouseType], { description: 'All warehouses, by code.' })
  warehouses(@Ctx() ctx: RequestContext): Promise<WarehouseView[]> {
    return this.queries.warehouses(ctx.tenantId);
  }

  @Authorized(Role.STAFF)
  @Query(() => WarehouseType, { nullable: true })
  async warehouse(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WarehouseView | null> {
    return (await this.queries.warehouseById(ctx.tenantId, requireUuid('Warehouse', id))) ?? null;
  }

  @Authorized(Role.STAFF)
  @Mutation(() => WarehouseType)
  async createWarehouse(@Arg('input', () => CreateWarehouseInput) input: CreateWarehouseInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.createWarehouse(input, commandContext(ctx)));
  }

  @Authorized(Role.STAFF)
  @Mutation(() => WarehouseType)
  async addStorageLocation(
    @Arg('warehouseId', () => ID) warehouseId: string,
    @Arg('input', () => AddStorageLocationInput) input: AddStorageLocationInput,
    @Ctx() ctx: RequestContext,
  ) {
    return this.answer(ctx, await this.service.addStorageLocation(requireUuid('Warehouse', warehouseId), input, commandContext(ctx)));
  }

  private answer(ctx: RequestContext, result: { warehouseId: string; append: AppendResult | undefined }): Promise<WarehouseView> {
    return readAfterWrite(this.projector, inventoryProjection.name, result.append, () => this.queries.warehouseById(ctx.tenantId, result.warehouseId), {
      what: 'Warehouse',
      id: result.warehouseId,
    });
  }
}
