import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { Money } from '../shared/money';
import type { ProductStatus } from './events';
import { oneInKeyOrder } from '../shared/in-key-order';

export interface VariantView {
  id: string;
  sku: string;
  name: string;
  price: Money;
}

export interface ProductView {
  id: string;
  seq: number;
  name: string;
  description: string;
  status: ProductStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  variants: VariantView[];
}

interface ProductRow {
  id: string;
  seq: number;
  name: string;
  description: string;
  status: ProductStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
  variants: { id: string; sku: string; name: string; price_amount: number; price_currency: string }[];
}

const toView = (row: ProductRow): ProductView => ({
  id: row.id,
  seq: row.seq,
  name: row.name,
  description: row.description,
  status: row.status,
  version: row.version,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
  variants: row.variants.map((v) => ({ id: v.id, sku: v.sku, name: v.name, price: { amount: Number(v.price_amount), currency: v.price_currency } })),
});

/** Reads of the catalog read tables. */
export class ProductQueries {
  constructor(private readonly db: Knex) {}

  private select(trx: Knex.Transaction, tenantId: string) {
    return trx('catalog_products as p')
      .select(
        'p.*',
        trx.raw(`coalesce((SELECT json_agg(json_build_object('id', v.id, 'sku', v.sku, 'name', v.name, 'price_amount', v.price_amount, 'price_currency', v.price_currency) ORDER BY v.position)
          FROM catalog_variants v WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id), '[]') AS variants`),
      )
      .where('p.tenant_id', tenantId);
  }

  async byId(tenantId: string, id: string): Promise<ProductView | undefined> {
    const row: ProductRow | undefined = await withTenant(this.db, tenantId, (trx) => this.select(trx, tenantId).where('p.id', id).first());
    return row && toView(row);
  }

  /** Several products in one read, each as `byId` shows it, in the order of `ids` (undefined for an unknown one). */
  async byIds(tenantId: string, ids: readonly string[]): Promise<(ProductView | undefined)[]> {
    if (ids.length === 0) return [];
    const rows: ProductRow[] = await withTenant(this.db, tenantId, (trx) => this.select(trx, tenantId).whereIn('p.id', [...ids]));
    return oneInKeyOrder(ids, rows, (row) => row.id, toView);
  }

  /**
   * Published products in the order they were created, after a position, optionally matching a
   * search text, of one of `brandIds`, and in one of `categoryIds` or a category below one.
   */
  async listPublished(tenantId: string, options: { limit: number; afterSeq?: number; search?: string; brandIds?: readonly string[]; categoryIds?: readonly string[] }): Promise<ProductView[]> {
    const search = options.search?.trim();
    // PostgreSQL text cannot hold NUL: no stored product can match, and the query would fail.
    if (search?.includes('\u0000')) return [];
    const rows: ProductRow[] = await withTenant(this.db, tenantId, (trx) => {
      const query = this.select(trx, tenantId).where('p.status', 'PUBLISHED').orderBy('p.seq').limit(options.limit);
      if (options.afterSeq !== undefined) query.where('p.seq', '>', options.afterSeq);
      if (search) {
        const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query.where((q) =>
          q.whereILike('p.name', pattern).orWhereILike('p.description', pattern).orWhereExists(
            trx('catalog_variants as v').whereRaw('v.tenant_id = p.tenant_id AND v.product_id = p.id').where((v) => v.whereILike('v.sku', pattern).orWhereILike('v.name', pattern)),
          ),
        );
      }
      if (options.brandIds?.length) {
        query.whereExists(trx('catalog_product_brands as pb').whereRaw('pb.tenant_id = p.tenant_id AND pb.product_id = p.id').whereIn('pb.brand_id', [...options.brandIds]));
      }
      if (options.categoryIds?.length) {
        query.whereExists(
          trx('catalog_product_categories as pc')
            .whereRaw('pc.tenant_id = p.tenant_id AND pc.product_id = p.id')
            .whereRaw(
              `pc.category_id IN (WITH RECURSIVE chosen AS (
                 SELECT c.id FROM catalog_categories c WHERE c.tenant_id = ? AND c.id = ANY(?::uuid[])
                 UNION SELECT c.id FROM catalog_categories c JOIN chosen ON c.parent_id = chosen.id WHERE c.tenant_id = ?
               ) SELECT id FROM chosen)`,
              [tenantId, [...options.categoryIds], tenantId],
            ),
        );
      }
      return query;
    });
    return rows.map(toView);
  }

  async productIdOfVariant(tenantId: string, variantId: string): Promise<string | undefined> {
    const row = await withTenant(this.db, tenantId, (trx) => trx('catalog_variants').where({ tenant_id: tenantId, id: variantId }).first('product_id'));
    return row?.product_id;
  }
}
