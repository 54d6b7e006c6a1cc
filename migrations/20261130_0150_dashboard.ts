import type { Knex } from 'knex';

/**
 * The back office dashboard's read model: per shop and per minute of the events' recorded time,
 * orders placed and their revenue (per currency) and failed checkouts (per reason). Minute rows
 * keep the windows ("last hour", "last day") a sum over at most 1,440 rows, and a rebuild writes
 * exactly what the live projection wrote, as a bucket comes from the event, not the wall clock.
 *
 * Shop data under the row-level security of 20261123_0090 (same role, same policy), like every
 * table with a tenant_id column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE dashboard_order_minutes (
      tenant_id     text        NOT NULL,
      bucket_start  timestamptz NOT NULL,
      currency      text        NOT NULL,
      orders_placed integer     NOT NULL,
      revenue_minor bigint      NOT NULL,
      PRIMARY KEY (tenant_id, bucket_start, currency)
    );

    -- One row per reason, so a reason added to checkouts later needs no migration.
    CREATE TABLE dashboard_checkout_failure_minutes (
      tenant_id    text        NOT NULL,
      bucket_start timestamptz NOT NULL,
      reason       text        NOT NULL,
      failures     integer     NOT NULL,
      PRIMARY KEY (tenant_id, bucket_start, reason)
    );
  `);
  for (const table of ['dashboard_order_minutes', 'dashboard_checkout_failure_minutes']) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ordercast_tenant;
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${table} FOR SELECT TO ordercast_tenant
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE dashboard_checkout_failure_minutes;
    DROP TABLE dashboard_order_minutes;
  `);
}
