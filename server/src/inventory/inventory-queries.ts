import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { MovementType } from './stock-projection';

export interface StorageLocationView {
  code: string;
  name: string;
}

export interface WarehouseView {
  id: string;
  seq: number;
  code: string;
  name: string;
  locations: StorageLocationView[];
  createdAt: Date;
}

export interface WarehouseStockLevelView {
  warehouse: WarehouseView;
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockLevelView {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  warehouses: WarehouseStockLevelView[];
}

export interface StockMovementView {
  id: string;
  seq: number;
  sku: string;
  type: MovementType;
  warehouse: WarehouseView;
  quantity: number;
  onHandChange: number;
  reservedChange: number;
  reason: string | null;
  orderId: string | null;
  reservationId: string | null;
  at: Date;
}

export interface ExpiredReservation {
  tenantId: string;
  reservationId: string;
  skus: string[];
}

interface WarehouseRow {
  id: string;
  seq: number;
  code: string;
  name: string;
  created_at: Date;
  locations: StorageLocationView[];
}

interface MovementRow {
  seq: number;
  sku: string;
  warehouse_id: string;
  movement_type: MovementType;
  quantity: number;
  on_hand_change: number;
  reserved_change: number;
  reason: string | null;
  order_id: string | null;
  reservation_id: string | null;
  occurred_at: Date;
}

const toWarehouse = (row: WarehouseRow): WarehouseView => ({
  id: row.id,
  seq: Number(row.seq),
  code: row.code,
  name: row.name,
  locations: row.locations,
  createdAt: new Date(row.created_at),
});

/** Reads of the inventory read tables. */
export class InventoryQueries {
  constructor(private readonly db: Knex) {}

  private selectWarehouses(trx: Knex.Transaction, tenantId: string) {
    return trx('inventory_warehouses as w')
      .select(
        'w.*',
        trx.raw(`coalesce((SELECT json_agg(json_build_object('code', l.code, 'name', l.name) ORDER BY l.position)
          FROM inventory_storage_locations l WHERE l.tenant_id = w.tenant_id AND l.warehouse_id = w.id), '[]') AS locations`),
      )
      .where('w.tenant_id', tenantId);
  }

  async warehouses(tenantId: string): Promise<WarehouseView[]> {
    const rows: WarehouseRow[] = await withTenant(this.db, tenantId, (trx) => this.selectWarehouses(trx, tenantId).orderBy('w.code'));
    return rows.map(toWarehouse);
  }

  async warehouseById(tenantId: string, id: string): Promise<WarehouseView | undefined> {
    const row: WarehouseRow | undefined = await withTenant(this.db, tenantId, (trx) => this.selectWarehouses(trx, tenantId).where('w.id', id).first());
    return row && toWarehouse(row);
  }

  private async warehousesByIds(trx: Knex.Transaction, tenantId: string, ids: string[]): Promise<Map<string, WarehouseView>> {
    if (ids.length === 0) return new Map();
    const rows: WarehouseRow[] = await this.selectWarehouses(trx, tenantId).whereIn('w.id', [...new Set(ids)]);
    return new Map(rows.map((row) => [row.id, toWarehouse(row)]));
  }

  /** A SKU nothing was ever received for has a level of zero everywhere, not none. */
  async stockLevel(tenantId: string, sku: string): Promise<StockLevelView> {
    const { rows, warehouses } = await withTenant(this.db, tenantId, async (trx) => {
      const rows: { warehouse_id: string; on_hand: number; reserved: number }[] = await trx('inventory_stock_levels').where({ tenant_id: tenantId, sku });
      return { rows, warehouses: await this.warehousesByIds(trx, tenantId, rows.map((r) => r.warehouse_id)) };
    });
    const perWarehouse = rows
      .filter((r) => warehouses.has(r.warehouse_id))
      .map((r) => ({ warehouse: warehouses.get(r.warehouse_id)!, onHand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved }))
      .sort((a, b) => (a.warehouse.code < b.warehouse.code ? -1 : 1));
    const onHand = perWarehouse.reduce((sum, w) => sum + w.onHand, 0);
    const reserved = perWarehouse.reduce((sum, w) => sum + w.reserved, 0);
    return { sku, onHand, reserved, available: onHand - reserved, warehouses: perWarehouse };
  }

  /** Newest first. */
  async movements(tenantId: string, sku: string, options: { limit: number; beforeSeq?: number }): Promise<StockMovementView[]> {
    const { rows, warehouses } = await withTenant(this.db, tenantId, async (trx) => {
      const query = trx('inventory_stock_movements').where({ tenant_id: tenantId, sku }).orderBy('seq', 'desc').limit(options.limit);
      if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
      const rows: MovementRow[] = await query;
      return { rows, warehouses: await this.warehousesByIds(trx, tenantId, rows.map((r) => r.warehouse_id)) };
    });
    return rows.map((r) => ({
      id: String(r.seq),
      seq: Number(r.seq),
      sku: r.sku,
      type: r.movement_type,
      warehouse: warehouses.get(r.warehouse_id)!,
      quantity: r.quantity,
      onHandChange: r.on_hand_change,
      reservedChange: r.reserved_change,
      reason: r.reason,
      orderId: r.order_id,
      reservationId: r.reservation_id,
      at: new Date(r.occurred_at),
    }));
  }

  /**
   * Unconfirmed reservations past their expiry, in every shop, oldest expiry first, with the SKUs each holds.
   * The expiry sweep's read, not a request's: it runs as the app's role, across shops.
   */
  async expiredReservations(now: Date, limit: number): Promise<ExpiredReservation[]> {
    const rows: { tenant_id: string; reservation_id: string; skus: string[] }[] = await this.db('inventory_reservations')
      .select('tenant_id', 'reservation_id', this.db.raw('array_agg(sku ORDER BY sku) AS skus'))
      .where('status', 'ACTIVE')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', now)
      .groupBy('tenant_id', 'reservation_id')
      .orderByRaw('min(expires_at)')
      .limit(limit);
    return rows.map((r) => ({ tenantId: r.tenant_id, reservationId: r.reservation_id, skus: r.skus }));
  }
}
