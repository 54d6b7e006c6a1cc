import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { BadUserInputError } from '../shared/errors';
import type { InventoryQueries, StockLevelView } from './inventory-queries';

/** SKUs page by their text: the listing is alphabetical, so the cursor is the last SKU shown. */
export function encodeSkuCursor(sku: string): string {
  return Buffer.from(`sku:${sku}`).toString('base64url');
}

export function decodeSkuCursor(cursor: string | undefined | null): string | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!text.startsWith('sku:')) throw new BadUserInputError(`"${cursor}" is not a valid cursor`);
  return text.slice('sku:'.length);
}

/**
 * Stock levels of many SKUs at once, for the back office's stock table: every SKU stock was ever
 * booked for, by SKU, each over all warehouses and per warehouse (as `stockLevel` shows one).
 */
export class StockLevelListQueries {
  constructor(
    private readonly db: Knex,
    private readonly inventory: InventoryQueries,
  ) {}

  async list(tenantId: string, options: { limit: number; afterSku?: string; search?: string }): Promise<StockLevelView[]> {
    const search = options.search?.trim();
    if (search?.includes('\u0000')) return [];
    const { skus, rows } = await withTenant(this.db, tenantId, async (trx) => {
      const query = trx('inventory_stock_levels').distinct('sku').where({ tenant_id: tenantId }).orderBy('sku').limit(options.limit);
      if (options.afterSku !== undefined) query.where('sku', '>', options.afterSku);
      if (search) query.whereILike('sku', `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const skus: string[] = (await query).map((row: { sku: string }) => row.sku);
      const rows: { sku: string; warehouse_id: string; on_hand: number; reserved: number }[] = skus.length
        ? await trx('inventory_stock_levels').where({ tenant_id: tenantId }).whereIn('sku', skus)
        : [];
      return { skus, rows };
    });
    if (skus.length === 0) return [];
    // Warehouses are few: one read of them all names every row's warehouse.
    const warehouses = new Map((await this.inventory.warehouses(tenantId)).map((w) => [w.id, w]));
    return skus.map((sku) => {
      const perWarehouse = rows
        .filter((r) => r.sku === sku && warehouses.has(r.warehouse_id))
        .map((r) => ({ warehouse: warehouses.get(r.warehouse_id)!, onHand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved }))
        .sort((a, b) => (a.warehouse.code < b.warehouse.code ? -1 : 1));
      const onHand = perWarehouse.reduce((sum, w) => sum + w.onHand, 0);
      const reserved = perWarehouse.reduce((sum, w) => sum + w.reserved, 0);
      return { sku, onHand, reserved, available: onHand - reserved, warehouses: perWarehouse };
    });
  }
}
