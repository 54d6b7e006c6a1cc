import { handleCommand } from '../commands/command-handler';
import { loadStream, type LoadedStream } from '../commands/streams';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult } from '../eventstore/types';
import type { CommandContext } from '../commands/command-context';
import { ConflictError, NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import type { Money } from '../shared/money';
import { productStreamId, skuStreamId, type ProductEvent } from './events';
import { normalizeSku, productDecider, type ProductCommand, type ProductState } from './product-decider';
import type { ProductQueries } from './product-queries';


/** Catalog commands: each loads a product stream, decides, appends. */
export class CatalogService {
  constructor(
    private readonly store: EventStore,
    private readonly queries: ProductQueries,
  ) {}

  private async run(productId: string, command: ProductCommand, context: CommandContext, alsoClaimSku = false) {
    const result = await handleCommand(this.store, productDecider, productStreamId(productId), command, {
      tenantId: context.tenantId,
      metadata: context.metadata,
      alsoAppend: alsoClaimSku ? claimSkus : undefined,
    }).catch((error: unknown) => {
      if (error instanceof ConcurrencyError && error.streamId.startsWith('sku-')) {
        throw new ConflictError(`SKU ${error.streamId.slice(4)} is already in use`, { sku: error.streamId.slice(4) });
      }
      throw error;
    });
    if (!result.state.productId) throw new NotFoundError('Product', productId);
    return { productId, append: result.append };
  }

  createProduct(input: { name: string; description: string }, context: CommandContext) {
    const productId = newId();
    return this.run(productId, { type: 'CreateProduct', productId, ...input }, context);
  }

  async addVariant(productId: string, input: { sku: string; name: string; price: Money }, context: CommandContext) {
    const sku = normalizeSku(input.sku);
    return this.run(productId, { type: 'AddProductVariant', productId, variantId: newId(), ...input, sku }, context, true);
  }

  async changeVariantPrice(variantId: string, price: Money, context: CommandContext) {
    const productId = await this.queries.productIdOfVariant(context.tenantId, variantId);
    if (!productId) throw new NotFoundError('Variant', variantId);
    return this.run(productId, { type: 'ChangeVariantPrice', productId, variantId, price }, context);
  }

  publishProduct(productId: string, context: CommandContext) {
    return this.run(productId, { type: 'PublishProduct', productId }, context);
  }

  archiveProduct(productId: string, context: CommandContext) {
    return this.run(productId, { type: 'ArchiveProduct', productId }, context);
  }

  /** The current, authoritative state of a product, straight from its stream, with the version it stands at. */
  loadProduct(tenantId: string, productId: string): Promise<LoadedStream<ProductState>> {
    return loadStream(this.store, productDecider, productStreamId(productId), tenantId);
  }
}

function claimSkus(events: ProductEvent[]) {
  return events.flatMap((event) =>
    event.type === 'ProductVariantAdded'
      ? [{ streamId: skuStreamId(event.data.sku), streamType: 'Sku', expectedVersion: 0, events: [{ type: 'SkuAssigned', data: { sku: event.data.sku, productId: event.data.productId, variantId: event.data.variantId } }] }]
      : [],
  );
}

export type CatalogCommandResult = { productId: string; append: AppendResult | undefined };
