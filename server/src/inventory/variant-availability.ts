import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { oneInKeyOrder } from '../shared/in-key-order';

/**
 * Units of each SKU a shopper could still order (on hand minus reserved, over all warehouses), in
 * the order given, with one statement. A SKU nothing was ever received for has none.
 */
export async function availableBySku(db: Knex, tenantId: string, skus: readonly string[]): Promise<number[]> {
  const rows: { sku: string; available: number }[] = await withTenant(db, tenantId, (trx) =>
    trx('inventory_stock_levels')
      .select('sku', trx.raw('greatest(sum(on_hand - reserved), 0)::bigint AS available'))
      .where({ tenant_id: tenantId })
      .whereRaw('sku = ANY(?::text[])', [[...skus]])
      .groupBy('sku'),
  );
  return oneInKeyOrder(skus, rows, (row) => row.sku, (row) => row.available).map((available) => available ?? 0);
}
