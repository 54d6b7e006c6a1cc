import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { ScopedLoader } from '../graphql/loaders';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { requireUuid } from '../shared/ids';
import { categoryProjection } from './category-projection';
import type { CategoryView, TaxonomyQueries } from './taxonomy-queries';
import type { TaxonomyCommandResult, TaxonomyService } from './taxonomy-service';
import { CategoryType } from './taxonomy-types';

@Resolver(() => CategoryType)
export class CategoryResolver {
  constructor(
    private readonly service: TaxonomyService,
    private readonly queries: TaxonomyQueries,
    private readonly projector: Projector,
  ) {}

  private readonly categoryById = new ScopedLoader((tenantId, ids: readonly string[]) => this.queries.categoriesByIds(tenantId, ids));

  // Readable by everyone who may browse the catalog, anonymous visitors included: the storefront filters by them.
  @Query(() => [CategoryType], { description: "The shop's categories by name, every level of the tree (`parentId` tells where each sits)." })
  categories(@Ctx() ctx: RequestContext): Promise<CategoryView[]> {
    return this.queries.categories(ctx.tenantId);
  }

  @FieldResolver(() => CategoryType, { nullable: true })
  async parent(@Root() category: CategoryView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CategoryView | null> {
    return category.parentId ? ((await this.categoryById.load(category.parentId, ctx, info)) ?? null) : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryType, {
    description: 'Adds a category, at the top level or under `parentId`. Its name (1-100 characters) must not be taken by a sibling (CONFLICT).',
  })
  async createCategory(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RequestContext,
    @Arg('parentId', () => ID, { nullable: true }) parentId?: string | null,
  ): Promise<CategoryView> {
    const parent = parentId ? requireUuid('Category', parentId) : null;
    return this.answer(ctx, await this.service.createCategory(name, parent, commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CategoryType)
  async renameCategory(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: RequestContext): Promise<CategoryView> {
    return this.answer(ctx, await this.service.renameCategory(requireUuid('Category', id), name, commandContext(ctx)));
  }

  private async answer(ctx: RequestContext, result: TaxonomyCommandResult): Promise<CategoryView> {
    const load = async () => (await this.queries.categoriesByIds(ctx.tenantId, [result.id]))[0];
    return readAfterWrite(this.projector, categoryProjection.name, result.append, load, { what: 'Category', id: result.id });
  }
}
