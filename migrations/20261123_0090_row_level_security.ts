import type { Knex } from 'knex';

/**
 * Defence in depth for shops: request reads run as `ordercast_tenant` (see server/src/db/tenant-scope.ts),
 * which sees only the rows of the shop named by the transaction's `ordercast.tenant_id` setting, so a
 * query that forgets its `tenant_id` filter still cannot return another shop's rows. With no setting
 * it sees nothing. The app's own role (owner or superuser) bypasses these policies: the projector,
 * process managers and rebuilds work across shops as before.
 *
 * Every table with a tenant_id column is listed; test/tenancy/row-level-security.test.ts fails when a
 * later table with one is left out.
 */
const TENANT_ROLE = 'ordercast_tenant';

const TENANT_TABLES = [
  'events',
  'catalog_products',
  'catalog_variants',
  'orders',
  'inventory_warehouses',
  'inventory_storage_locations',
  'inventory_stock_levels',
  'inventory_reservations',
  'inventory_stock_movements',
  'payments',
  'payment_declines_daily',
  'checkouts',
  'shipments',
  'order_history_refs',
  'order_history',
  'notification_outbox',
  'notifications',
] as const;

const POLICY = 'tenant_isolation';

export async function up(knex: Knex): Promise<void> {
  // Roles are cluster-wide and several databases (tests, other deployments) share a cluster: create it
  // once, and tolerate another migration creating it at the same moment.
  await knex.raw(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
        CREATE ROLE ${TENANT_ROLE} NOLOGIN NOSUPERUSER NOINHERIT NOBYPASSRLS;
      END IF;
    -- A user that may not create roles gets the advice below instead.
    EXCEPTION WHEN duplicate_object OR unique_violation OR insufficient_privilege THEN NULL;
    END $$;
  `);
  // The app's user switches to it per transaction (SET LOCAL ROLE), which needs membership. A user
  // that may not grant it (a DBA created the role and granted it already) goes on; the check below
  // stops the migration with advice if the user still cannot switch.
  await knex.raw(`
    DO $$
    BEGIN
      GRANT ${TENANT_ROLE} TO CURRENT_USER;
    EXCEPTION WHEN insufficient_privilege OR undefined_object THEN NULL;
    END $$;
  `);
  try {
    await knex.raw(`SET LOCAL ROLE ${TENANT_ROLE}`);
  } catch (error) {
    throw new Error(
      `The database user cannot switch to ${TENANT_ROLE} (${(error as Error).message}). ` +
        `Have a superuser run once: CREATE ROLE ${TENANT_ROLE} NOLOGIN; GRANT ${TENANT_ROLE} TO <the DATABASE_URL user>;`,
    );
  }
  await knex.raw('RESET ROLE');
  await knex.raw(`GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE}`);
  for (const table of TENANT_TABLES) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ${TENANT_ROLE};
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY ${POLICY} ON ${table} FOR SELECT TO ${TENANT_ROLE}
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
  // Every append names its shop; a forgotten one must fail rather than land in a shop called 'default'.
  await knex.raw('ALTER TABLE events ALTER COLUMN tenant_id DROP DEFAULT');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("ALTER TABLE events ALTER COLUMN tenant_id SET DEFAULT 'default'");
  for (const table of TENANT_TABLES) {
    await knex.raw(`
      DROP POLICY ${POLICY} ON ${table};
      ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;
      REVOKE SELECT ON ${table} FROM ${TENANT_ROLE};
    `);
  }
  // The role itself stays: other databases of the cluster may still use it.
  await knex.raw(`REVOKE USAGE ON SCHEMA public FROM ${TENANT_ROLE}`);
}
