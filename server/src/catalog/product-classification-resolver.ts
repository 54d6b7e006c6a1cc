import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { requireUuid } from '../shared/ids';
import { classificationProjection } from './classification-projection';
import { ProductType } from './graphql-types';
import { productProjection } from './product-projection';
import type { ProductQueries, ProductView } from './product-queries';
import type { BrandView, CategoryView, TaxonomyQueries } from './taxonomy-queries';
import type { TaxonomyCommandResult, TaxonomyService } from './taxonomy-service';
import { BrandType, CategoryType } from './taxonomy-types';

/** A product's brand and categories: read batched per request, changed by admins. */
@Resolver(() => ProductType)
export class ProductClassificationResolver {
  constructor(
    private readonly service: TaxonomyService,
    private readonly taxonomy: TaxonomyQueries,
    private readonly products: ProductQueries,
    private readonly projector: Projector,
  ) {}

  private readonly brandOf = new ScopedLoader((tenantId, productIds: readonly string[]) => this.taxonomy.brandsOfProducts(tenantId, productIds));
  private readonly categoriesOf = new ScopedLoader((tenantId, productIds: readonly string[]) => this.taxonomy.categoriesOfProducts(tenantId, productIds));

  // No @Authorized: whoever was allowed to see the product may see its brand and categories.
  @FieldResolver(() => BrandType, { nullable: true })
  async brand(@Root() product: ProductView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<BrandView | null> {
    return (await this.brandOf.load(product.id, ctx, info)) ?? null;
  }

  @FieldResolver(() => [CategoryType], { description: 'In the order they were added.' })
  categories(@Root() product: ProductView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CategoryView[]> {
    return this.categoriesOf.load(product.id, ctx, info);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: "Sets the product's brand, replacing any other; `brandId: null` clears it. Not for archived products." })
  async setProductBrand(
    @Arg('productId', () => ID) productId: string,
    @Arg('brandId', () => ID, { nullable: true }) brandId: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ProductView> {
    const brand = brandId ? requireUuid('Brand', brandId) : null;
    return this.answer(ctx, await this.service.setProductBrand(requireUuid('Product', productId), brand, commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Puts the product in a category (nothing happens if it is in it already). Not for archived products.' })
  async addProductCategory(@Arg('productId', () => ID) productId: string, @Arg('categoryId', () => ID) categoryId: string, @Ctx() ctx: RequestContext): Promise<ProductView> {
    return this.answer(ctx, await this.service.addProductCategory(requireUuid('Product', productId), requireUuid('Category', categoryId), commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductType, { description: 'Takes the product out of a category (nothing happens if it is not in it). Not for archived products.' })
  async removeProductCategory(@Arg('productId', () => ID) productId: string, @Arg('categoryId', () => ID) categoryId: string, @Ctx() ctx: RequestContext): Promise<ProductView> {
    return this.answer(ctx, await this.service.removeProductCategory(requireUuid('Product', productId), requireUuid('Category', categoryId), commandContext(ctx)));
  }

  private async answer(ctx: RequestContext, result: TaxonomyCommandResult): Promise<ProductView> {
    // The product itself may be newer than its listing too (created just before): wait for both read models.
    return readAfterWrite(this.projector, [productProjection.name, classificationProjection.name], result.append, () => this.products.byId(ctx.tenantId, result.id), { what: 'Product', id: result.id });
  }
}
