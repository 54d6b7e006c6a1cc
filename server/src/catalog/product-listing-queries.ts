import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { ProductStatus } from './events';
import type { ProductQueries, ProductView } from './product-queries';

/**
 * Every product in any status, for the shop's catalog editor: newest first, optionally of one
 * status or matching a text in the name or a SKU. The page's products are read in one go through
 * `ProductQueries.byIds`, so the editor sees each product exactly as `product(id)` shows it.
 */
export class ProductListingQueries {
  constructor(
    private readonly db: Knex,
    private readonly products: ProductQueries,
  ) {}

  async list(tenantId: string, options: { limit: number; beforeSeq?: number; status?: ProductStatus; search?: string }): Promise<ProductView[]> {
    const search = options.search?.trim();
    if (search?.includes('\u0000')) return [];
    const ids: { id: string }[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('catalog_products as p').select('p.id').where('p.tenant_id', tenantId).orderBy('p.seq', 'desc').limit(options.limit);
      if (options.beforeSeq !== undefined) query.where('p.seq', '<', options.beforeSeq);
      if (options.status) query.where('p.status', options.status);
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query.where((q) =>
          q.whereILike('p.name', pattern).orWhereExists(trx('catalog_variants as v').whereRaw('v.tenant_id = p.tenant_id AND v.product_id = p.id').whereILike('v.sku', pattern)),
        );
      }
      return query;
    });
    const views = await this.products.byIds(tenantId, ids.map(({ id }) => id));
    return views.filter((view): view is ProductView => view !== undefined);
  }
}
