import { handleCommand } from '../commands/command-handler';
import type { CommandContext } from '../commands/command-context';
import { loadStream } from '../commands/streams';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult } from '../eventstore/types';
import { InvalidStateError, NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import { brandDecider } from './brand-decider';
import type { CatalogService } from './catalog-service';
import { categoryDecider } from './category-decider';
import { classificationDecider, type ClassificationCommand } from './classification-decider';
import { BRANDS_STREAM, CATEGORIES_STREAM, classificationStreamId } from './taxonomy-events';

export interface TaxonomyCommandResult {
  id: string;
  append: AppendResult | undefined;
}

/** Brand, category and product-classification commands: load, decide, append. */
export class TaxonomyService {
  constructor(
    private readonly store: EventStore,
    private readonly catalog: CatalogService,
  ) {}

  private options(context: CommandContext) {
    return { tenantId: context.tenantId, metadata: context.metadata };
  }

  async createBrand(name: string, context: CommandContext): Promise<TaxonomyCommandResult> {
    const brandId = newId();
    const { append } = await handleCommand(this.store, brandDecider, BRANDS_STREAM, { type: 'CreateBrand', brandId, name }, this.options(context));
    return { id: brandId, append };
  }

  async renameBrand(brandId: string, name: string, context: CommandContext): Promise<TaxonomyCommandResult> {
    const { append } = await handleCommand(this.store, brandDecider, BRANDS_STREAM, { type: 'RenameBrand', brandId, name }, this.options(context));
    return { id: brandId, append };
  }

  async createCategory(name: string, parentId: string | null, context: CommandContext): Promise<TaxonomyCommandResult> {
    const categoryId = newId();
    const { append } = await handleCommand(this.store, categoryDecider, CATEGORIES_STREAM, { type: 'CreateCategory', categoryId, name, parentId }, this.options(context));
    return { id: categoryId, append };
  }

  async renameCategory(categoryId: string, name: string, context: CommandContext): Promise<TaxonomyCommandResult> {
    const { append } = await handleCommand(this.store, categoryDecider, CATEGORIES_STREAM, { type: 'RenameCategory', categoryId, name }, this.options(context));
    return { id: categoryId, append };
  }

  /** `brandId` null takes the product's brand away. */
  async setProductBrand(productId: string, brandId: string | null, context: CommandContext): Promise<TaxonomyCommandResult> {
    await this.changeableProduct(productId, context.tenantId);
    if (brandId !== null) await this.existingBrand(brandId, context.tenantId);
    return this.classify({ type: 'SetProductBrand', productId, brandId }, context);
  }

  async addProductCategory(productId: string, categoryId: string, context: CommandContext): Promise<TaxonomyCommandResult> {
    await this.changeableProduct(productId, context.tenantId);
    await this.existingCategory(categoryId, context.tenantId);
    return this.classify({ type: 'AddProductCategory', productId, categoryId }, context);
  }

  async removeProductCategory(productId: string, categoryId: string, context: CommandContext): Promise<TaxonomyCommandResult> {
    await this.changeableProduct(productId, context.tenantId);
    await this.existingCategory(categoryId, context.tenantId);
    return this.classify({ type: 'RemoveProductCategory', productId, categoryId }, context);
  }

  private async classify(command: ClassificationCommand, context: CommandContext): Promise<TaxonomyCommandResult> {
    const { append } = await handleCommand(this.store, classificationDecider, classificationStreamId(command.productId), command, this.options(context));
    return { id: command.productId, append };
  }

  // Existence is read from the streams (the authority) of the caller's shop: another shop's brand,
  // category or product is not found, exactly like one that does not exist. None can be deleted, so
  // what is found here still exists when the classification is appended.

  private async changeableProduct(productId: string, tenantId: string) {
    const { state: product } = await this.catalog.loadProduct(tenantId, productId);
    if (!product.productId) throw new NotFoundError('Product', productId);
    if (product.status === 'ARCHIVED') throw new InvalidStateError('Cannot change brand or categories: the product is archived', { status: product.status });
  }

  private async existingBrand(brandId: string, tenantId: string) {
    const { state } = await loadStream(this.store, brandDecider, BRANDS_STREAM, tenantId);
    if (state.brands[brandId] === undefined) throw new NotFoundError('Brand', brandId);
  }

  private async existingCategory(categoryId: string, tenantId: string) {
    const { state } = await loadStream(this.store, categoryDecider, CATEGORIES_STREAM, tenantId);
    if (!state.categories[categoryId]) throw new NotFoundError('Category', categoryId);
  }
}
