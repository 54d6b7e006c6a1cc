import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { DashboardView, StockAlertView } from './dashboard-view';
import { LAST_DAY, LAST_HOUR, summarizeWindow, windowBounds, type FailureMinute, type OrderMinute } from './dashboard-windows';

/** Stock alerts listed at most; `stockAlertCount` tells how many there are in all. */
export const STOCK_ALERT_LIMIT = 50;

/** Reads the dashboard of a shop: the minute rows of the last day and the inventory's low SKUs, in one transaction. */
export class DashboardQueries {
  constructor(private readonly db: Knex) {}

  async dashboard(tenantId: string, now: Date, lowStockThreshold: number): Promise<DashboardView> {
    const { from, to } = windowBounds(LAST_DAY, now);
    const { orders, failures, alerts } = await withTenant(this.db, tenantId, async (trx) => ({
      orders: await orderMinutes(trx, tenantId, from, to),
      failures: await failureMinutes(trx, tenantId, from, to),
      alerts: await stockAlerts(trx, tenantId, lowStockThreshold),
    }));
    return {
      at: now,
      lastHour: summarizeWindow(LAST_HOUR, now, orders, failures),
      lastDay: summarizeWindow(LAST_DAY, now, orders, failures),
      lowStockThreshold,
      stockAlerts: alerts.list,
      stockAlertCount: alerts.count,
    };
  }
}

async function orderMinutes(trx: Knex.Transaction, tenantId: string, from: Date, to: Date): Promise<OrderMinute[]> {
  const rows: { bucket_start: Date; currency: string; orders_placed: number; revenue_minor: string }[] = await trx('dashboard_order_minutes')
    .select('bucket_start', 'currency', 'orders_placed', 'revenue_minor')
    .where({ tenant_id: tenantId })
    .where('bucket_start', '>=', from)
    .where('bucket_start', '<', to);
  return rows.map((r) => ({ bucketStart: new Date(r.bucket_start), currency: r.currency, ordersPlaced: r.orders_placed, revenueMinor: Number(r.revenue_minor) }));
}

async function failureMinutes(trx: Knex.Transaction, tenantId: string, from: Date, to: Date): Promise<FailureMinute[]> {
  const rows: { bucket_start: Date; reason: string; failures: number }[] = await trx('dashboard_checkout_failure_minutes')
    .select('bucket_start', 'reason', 'failures')
    .where({ tenant_id: tenantId })
    .where('bucket_start', '>=', from)
    .where('bucket_start', '<', to);
  return rows.map((r) => ({ bucketStart: new Date(r.bucket_start), reason: r.reason, failures: r.failures }));
}

/**
 * SKUs whose stock available over all warehouses is at or below the threshold, from the inventory's
 * read table (a SKU never received has no row there and is not listed).
 */
async function stockAlerts(trx: Knex.Transaction, tenantId: string, threshold: number): Promise<{ list: StockAlertView[]; count: number }> {
  const { rows } = await trx.raw<{ rows: { sku: string; on_hand: number; reserved: number; total: number }[] }>(
    `SELECT sku, sum(on_hand)::bigint AS on_hand, sum(reserved)::bigint AS reserved, (count(*) OVER ())::int AS total
       FROM inventory_stock_levels
      WHERE tenant_id = ?
      GROUP BY sku
     HAVING sum(on_hand) - sum(reserved) <= ?
      ORDER BY sum(on_hand) - sum(reserved), sku
      LIMIT ?`,
    [tenantId, threshold, STOCK_ALERT_LIMIT],
  );
  const list = rows.map((r): StockAlertView => {
    const available = r.on_hand - r.reserved;
    return { sku: r.sku, onHand: r.on_hand, reserved: r.reserved, available, level: available <= 0 ? 'OUT_OF_STOCK' : 'LOW' };
  });
  return { list, count: rows[0]?.total ?? 0 };
}
