import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { hasRole, Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { readAfterWrite } from '../graphql/read-after-write';
import { decodeCursor, pageSize, toPage } from '../graphql/pagination';
import type { Projector } from '../projector/projector';
import { requireUuid } from '../shared/ids';
import { filterIds } from './filter-ids';
import { MoneyInput } from '../shared/money-types';
import type { CatalogCommandResult, CatalogService } from './catalog-service';
import { AddProductVariantInput, CreateProductInput, ProductConnection, ProductType } from './graphql-types';
import { productProjection } from './product-projection';
import type { ProductQueries, ProductView } from './product-queries';

@Resolver(() => ProductType)
export class ProductResolver {
  constructor(
    private readonly service: CatalogService,
    private readonly queries: ProductQueries,
    private readonly projector: Projector,
  ) {}

  // No @Authorized on the two catalog queries: anonymous visitors browse the published catalog.
  @Query(() => ProductType, { nullable: true, description: 'A product by id: staff see it in any status, everyone else only while it is PUBLISHED.' })
  async product(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ProductView | null> {
    const productId = requireUuid('Product', id);
    const product = await this.queries.byId(ctx.tenantId, productId);
    if (!product) return null;
    const staff = ctx.principal !== undefined && hasRole(ctx.principal.role, Role.STAFF);
    // Drafts and archived products are the shop's business: to others they do not exist.
    return staff || product.status === 'PUBLISHED' ? product : null;
  }

  @Query(() => ProductConnection, {
    description: 'Published products, oldest first; `search` matches name, description, variant name or SKU. Filters combine: a product must match all that are given.',
  })
  async products(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
    @Arg('brandIds', () => [ID], { nullable: true, description: 'Only products of one of these brands.' }) brandIds?: string[] | null,
    @Arg('categoryIds', () => [ID], { nullable: true, description: 'Only products in one of these categories or a category below one.' }) categoryIds?: string[] | null,
  ): Promise<ProductConnection> {
    const size = pageSize(first);
    const rows = await this.queries.listPublished(ctx.tenantId, {
      limit: size + 1,
      afterSeq: decodeCursor(after),
      search: search ?? undefined,
      brandIds: filterIds('brandIds', brandIds),
      categoryIds: filterIds('categoryIds', categoryIds),
    });
    return toPage(rows, size, (row) => row as ProductType);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Creates a product in DRAFT status.' })
  async createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.createProduct(input, this.commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType)
  async addProductVariant(
    @Arg('productId', () => ID) productId: string,
    @Arg('input', () => AddProductVariantInput) input: AddProductVariantInput,
    @Ctx() ctx: RequestContext,
  ) {
    return this.answer(ctx, await this.service.addVariant(requireUuid('Product', productId), input, this.commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType)
  async changeVariantPrice(@Arg('variantId', () => ID) variantId: string, @Arg('price', () => MoneyInput) price: MoneyInput, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.changeVariantPrice(requireUuid('Variant', variantId), price, this.commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Makes a product with at least one variant visible and orderable.' })
  async publishProduct(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.publishProduct(requireUuid('Product', id), this.commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Withdraws a product for good: it can no longer be ordered or changed.' })
  async archiveProduct(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.answer(ctx, await this.service.archiveProduct(requireUuid('Product', id), this.commandContext(ctx)));
  }

  private commandContext(ctx: RequestContext) {
    return commandContext(ctx);
  }

  private answer(ctx: RequestContext, result: CatalogCommandResult): Promise<ProductView> {
    return readAfterWrite(this.projector, productProjection.name, result.append, () => this.queries.byId(ctx.tenantId, result.productId), { what: 'Product', id: result.productId });
  }
}
