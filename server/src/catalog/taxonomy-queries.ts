import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { allInKeyOrder, oneInKeyOrder } from '../shared/in-key-order';

export interface BrandView {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface CategoryView extends BrandView {
  parentId: string | null;
}

interface Row {
  id: string;
  name: string;
  parent_id?: string | null;
  created_at: Date;
  updated_at: Date;
}

const toBrand = (row: Row): BrandView => ({ id: row.id, name: row.name, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) });
const toCategory = (row: Row): CategoryView => ({ ...toBrand(row), parentId: row.parent_id ?? null });

/** Reads of the brand and category read tables; the batched ones are what the per-request loaders call. */
export class TaxonomyQueries {
  constructor(private readonly db: Knex) {}

  /** Every brand of the shop by name (a shop has tens, not thousands). */
  async brands(tenantId: string): Promise<BrandView[]> {
    const rows: Row[] = await withTenant(this.db, tenantId, (trx) => trx('catalog_brands').where({ tenant_id: tenantId }).orderByRaw('lower(name), id'));
    return rows.map(toBrand);
  }

  async brandById(tenantId: string, id: string): Promise<BrandView | undefined> {
    const row: Row | undefined = await withTenant(this.db, tenantId, (trx) => trx('catalog_brands').where({ tenant_id: tenantId, id }).first());
    return row && toBrand(row);
  }

  /** Every category of the shop by name; parents and children alike (`parentId` builds the tree). */
  async categories(tenantId: string): Promise<CategoryView[]> {
    const rows: Row[] = await withTenant(this.db, tenantId, (trx) => trx('catalog_categories').where({ tenant_id: tenantId }).orderByRaw('lower(name), id'));
    return rows.map(toCategory);
  }

  async categoriesByIds(tenantId: string, ids: readonly string[]): Promise<(CategoryView | undefined)[]> {
    const rows: Row[] = await withTenant(this.db, tenantId, (trx) => trx('catalog_categories').where({ tenant_id: tenantId }).whereIn('id', [...ids]));
    return oneInKeyOrder(ids, rows, (row) => row.id, toCategory);
  }

  /** Each product's brand (undefined for one without), for many products in one statement. */
  async brandsOfProducts(tenantId: string, productIds: readonly string[]): Promise<(BrandView | undefined)[]> {
    const rows: (Row & { product_id: string })[] = await withTenant(this.db, tenantId, (trx) =>
      trx('catalog_product_brands as pb')
        .join('catalog_brands as b', (on) => on.on('b.tenant_id', 'pb.tenant_id').andOn('b.id', 'pb.brand_id'))
        .where('pb.tenant_id', tenantId)
        .whereIn('pb.product_id', [...productIds])
        .select('pb.product_id', 'b.*'),
    );
    return oneInKeyOrder(productIds, rows, (row) => row.product_id, toBrand);
  }

  /** Each product's categories in the order they were added, for many products in one statement. */
  async categoriesOfProducts(tenantId: string, productIds: readonly string[]): Promise<CategoryView[][]> {
    const rows: (Row & { product_id: string })[] = await withTenant(this.db, tenantId, (trx) =>
      trx('catalog_product_categories as pc')
        .join('catalog_categories as c', (on) => on.on('c.tenant_id', 'pc.tenant_id').andOn('c.id', 'pc.category_id'))
        .where('pc.tenant_id', tenantId)
        .whereIn('pc.product_id', [...productIds])
        .orderBy('pc.seq')
        .select('pc.product_id', 'c.*'),
    );
    return allInKeyOrder(productIds, rows, (row) => row.product_id, toCategory);
  }
}
