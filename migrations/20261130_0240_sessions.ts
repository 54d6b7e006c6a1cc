import type { Knex } from 'knex';

/**
 * Sessions (refresh tokens) and the per-account token version every request checks.
 *
 * `sessions` is security state, not a business fact: rows are rotated and revoked in place, and
 * only the sha-256 of a refresh token is kept (the token itself is never stored). Every rotation
 * adds a row to its family; presenting a rotated token again revokes the whole family.
 *
 * `account_access` is a read model of the user streams (AccountDisabled, AccountEnabled,
 * AccountRoleChanged, AccountSignedOutEverywhere): rebuildable from the events alone. An account
 * without a row was never revoked (token version 0, enabled).
 *
 * Both under the row-level security of 20261123_0090, like every table with a tenant_id.
 */
const TABLES = ['sessions', 'account_access'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sessions (
      tenant_id  text        NOT NULL,
      id         uuid        NOT NULL,
      family_id  uuid        NOT NULL,
      user_id    uuid        NOT NULL,
      token_hash bytea       NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      rotated_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      CONSTRAINT sessions_token_hash_unique UNIQUE (token_hash)
    );
    CREATE INDEX sessions_family ON sessions (tenant_id, family_id);
    CREATE INDEX sessions_live_by_user ON sessions (tenant_id, user_id) WHERE revoked_at IS NULL;

    CREATE TABLE account_access (
      tenant_id     text        NOT NULL,
      user_id       uuid        NOT NULL,
      token_version integer     NOT NULL CHECK (token_version >= 0),
      disabled      boolean     NOT NULL,
      updated_at    timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, user_id)
    );
  `);
  for (const table of TABLES) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ordercast_tenant;
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${table} FOR SELECT TO ordercast_tenant
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_access; DROP TABLE sessions;');
}
