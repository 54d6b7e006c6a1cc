import type { Knex } from 'knex';

/**
 * Idempotency keys of mutations (server/src/graphql/idempotency.ts): the first answer to a keyed
 * request, so a retry with the same key gets that answer again instead of running the mutation twice.
 *
 * Operational state, not a fact: a row is claimed (`in_progress`) before the mutation runs, then
 * either completed with the answer (`done`) or deleted again when the attempt failed in a way a
 * retry may fix (an internal error, an outage). Rows expire after IDEMPOTENCY_KEY_TTL_SECONDS and
 * are pruned; nothing in the read models or the log depends on them.
 *
 * `caller` is `user:<id>` for a signed-in account, `address:<ip>` for an anonymous one, so two
 * callers never see each other's answers even with the same key. `claim` names the attempt that
 * holds an `in_progress` row, so only that attempt completes or releases it.
 *
 * Shop data under the row-level security of 20261123_0090 like every table with a tenant_id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE idempotency_keys (
      tenant_id    text        NOT NULL,
      caller       text        NOT NULL,
      key          text        NOT NULL,
      request_hash text        NOT NULL,
      state        text        NOT NULL CHECK (state IN ('in_progress', 'done')),
      claim        uuid        NOT NULL,
      http_status  integer,
      response     json,
      created_at   timestamptz NOT NULL DEFAULT now(),
      claimed_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, caller, key),
      CHECK ((state = 'done') = (response IS NOT NULL))
    );
    CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

    GRANT SELECT ON idempotency_keys TO ordercast_tenant;
    ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON idempotency_keys FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE idempotency_keys');
}
