import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, type RequestContext } from '../graphql/context';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { requireUuid } from '../shared/ids';
import { brandProjection } from './brand-projection';
import type { TaxonomyQueries, BrandView } from './taxonomy-queries';
import type { TaxonomyCommandResult, TaxonomyService } from './taxonomy-service';
import { BrandType } from './taxonomy-types';

@Resolver(() => BrandType)
export class BrandResolver {
  constructor(
    private readonly service: TaxonomyService,
    private readonly queries: TaxonomyQueries,
    private readonly projector: Projector,
  ) {}

  // Readable by everyone who may browse the catalog, anonymous visitors included: the storefront filters by them.
  @Query(() => [BrandType], { description: "The shop's brands by name." })
  brands(@Ctx() ctx: RequestContext): Promise<BrandView[]> {
    return this.queries.brands(ctx.tenantId);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandType, { description: 'Adds a brand. Its name (1-100 characters) must not be taken by another brand of the shop (CONFLICT).' })
  async createBrand(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext): Promise<BrandView> {
    return this.answer(ctx, await this.service.createBrand(name, commandContext(ctx)));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => BrandType)
  async renameBrand(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: RequestContext): Promise<BrandView> {
    return this.answer(ctx, await this.service.renameBrand(requireUuid('Brand', id), name, commandContext(ctx)));
  }

  private answer(ctx: RequestContext, result: TaxonomyCommandResult): Promise<BrandView> {
    return readAfterWrite(this.projector, brandProjection.name, result.append, () => this.queries.brandById(ctx.tenantId, result.id), { what: 'Brand', id: result.id });
  }
}
