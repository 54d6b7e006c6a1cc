import type { Knex } from 'knex';

/**
 * The shops and users read tables under the row-level security of 20261123_0090 (same role, same
 * policy). Written to be idempotent, so it holds whether or not that migration lists them too.
 */
const TABLES = ['shops', 'users'] as const;

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ordercast_tenant;
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      DROP POLICY IF EXISTS tenant_isolation ON ${table};
      CREATE POLICY tenant_isolation ON ${table} FOR SELECT TO ordercast_tenant
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.raw(`
      DROP POLICY IF EXISTS tenant_isolation ON ${table};
      ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY;
      REVOKE SELECT ON ${table} FROM ordercast_tenant;
    `);
  }
}
