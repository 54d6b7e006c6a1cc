import type { Knex } from 'knex';

/**
 * Crypto-shredding (see server/src/privacy): one data key per person, wrapped with the
 * key-encryption key of the configuration (DATA_KEK). The personal fields of that person's events
 * are encrypted with it; erasure deletes the key (the row stays as a tombstone with `erased_at`, so
 * readers know the data is gone rather than not yet written, and plaintext from before encryption
 * is redacted too).
 *
 * Key material, not a read model: it cannot be rebuilt from the events, and that is the point.
 * Under the row-level security of 20261123_0090 like every table with a tenant_id.
 *
 * `users.email` may be NULL: an erased account keeps its row (orders still name it) but not its
 * address, and NULLs do not collide in the per-shop unique email constraint.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE customer_data_keys (
      tenant_id   text        NOT NULL,
      subject_id  text        NOT NULL,
      wrapped_key bytea,
      created_at  timestamptz NOT NULL DEFAULT now(),
      erased_at   timestamptz,
      PRIMARY KEY (tenant_id, subject_id),
      CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
    );

    GRANT SELECT ON customer_data_keys TO ordercast_tenant;
    ALTER TABLE customer_data_keys ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON customer_data_keys FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));

    ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE customer_data_keys;
    DELETE FROM users WHERE email IS NULL;
    ALTER TABLE users ALTER COLUMN email SET NOT NULL;
  `);
}
