import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
import { dashboardEventTypes, foldIncrements, type FailureMinuteRow, type OrderMinuteRow } from './dashboard-fold';
import { DASHBOARD_FIGURES_CHANGED } from './topics';

export const DASHBOARD_PROJECTION = 'dashboard';

/**
 * Per-minute figures of each shop: orders placed and revenue per currency, failed checkouts per
 * reason. A batch is summed in memory and added to its rows with one upsert per table; one change
 * per shop tells the dashboard's subscribers to read the figures again.
 */
export const dashboardProjection: Projection = {
  name: DASHBOARD_PROJECTION,
  tables: ['dashboard_order_minutes', 'dashboard_checkout_failure_minutes'],
  eventTypes: dashboardEventTypes,
  apply: (recorded, context) => applyDashboardBatch([recorded], context),
  applyBatch: applyDashboardBatch,
};

async function applyDashboardBatch(events: readonly RecordedEvent[], { trx, changed }: ProjectionContext): Promise<void> {
  const { orders, failures, tenants } = foldIncrements(events);
  await addOrderMinutes(trx, orders);
  await addFailureMinutes(trx, failures);
  for (const tenantId of tenants) changed({ topic: DASHBOARD_FIGURES_CHANGED, id: tenantId, tenantId });
}

async function addOrderMinutes(trx: Knex.Transaction, rows: OrderMinuteRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `INSERT INTO dashboard_order_minutes (tenant_id, bucket_start, currency, orders_placed, revenue_minor)
     SELECT tenant_id, bucket_start, currency, orders_placed, revenue_minor
       FROM jsonb_to_recordset(?::jsonb) AS r(tenant_id text, bucket_start timestamptz, currency text, orders_placed integer, revenue_minor bigint)
     ON CONFLICT (tenant_id, bucket_start, currency) DO UPDATE
       SET orders_placed = dashboard_order_minutes.orders_placed + excluded.orders_placed,
           revenue_minor = dashboard_order_minutes.revenue_minor + excluded.revenue_minor`,
    [JSON.stringify(rows)],
  );
}

async function addFailureMinutes(trx: Knex.Transaction, rows: FailureMinuteRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `INSERT INTO dashboard_checkout_failure_minutes (tenant_id, bucket_start, reason, failures)
     SELECT tenant_id, bucket_start, reason, failures
       FROM jsonb_to_recordset(?::jsonb) AS r(tenant_id text, bucket_start timestamptz, reason text, failures integer)
     ON CONFLICT (tenant_id, bucket_start, reason) DO UPDATE
       SET failures = dashboard_checkout_failure_minutes.failures + excluded.failures`,
    [JSON.stringify(rows)],
  );
}
