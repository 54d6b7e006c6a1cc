import type { Knex } from 'knex';

/**
 * The simulated card gateway's own state, as a provider keeps it on its side: what each authorize
 * request answered, the holds it made and what moved under them, and the keyed requests it
 * completed. In PostgreSQL rather than in memory, so a capture, refund or void of a payment
 * authorized before a restart (or on another node) finds its hold.
 *
 * Not a read model: these rows are the simulated provider's, not derived from events, and nothing
 * rebuilds them. Shop data under the row-level security of 20261123_0090 all the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE simulated_gateway_authorizations (
      tenant_id        text        NOT NULL,
      idempotency_key  text        NOT NULL,
      -- The answer, as the gateway gave it: AUTHORIZED with its authorization id, or DECLINED.
      outcome          jsonb       NOT NULL,
      created_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, idempotency_key)
    );

    CREATE TABLE simulated_gateway_holds (
      tenant_id         text        NOT NULL,
      authorization_id  text        NOT NULL,
      -- The authorize request that made it, so a void by that request's key finds it.
      authorize_key     text        NOT NULL,
      currency          text        NOT NULL,
      amount            bigint      NOT NULL CHECK (amount > 0),
      captured          bigint      NOT NULL DEFAULT 0 CHECK (captured >= 0),
      refunded          bigint      NOT NULL DEFAULT 0 CHECK (refunded >= 0),
      voided            boolean     NOT NULL DEFAULT false,
      created_at        timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, authorization_id),
      UNIQUE (tenant_id, authorize_key)
    );

    -- Keyed requests done (capture, refund, void, and the one planned failure of tok_flaky), each
    -- with what it asked, so a repeat is answered and a key reused for another request refused.
    CREATE TABLE simulated_gateway_requests (
      tenant_id        text        NOT NULL,
      idempotency_key  text        NOT NULL,
      request          text        NOT NULL,
      created_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, idempotency_key)
    );
  `);
  for (const table of ['simulated_gateway_authorizations', 'simulated_gateway_holds', 'simulated_gateway_requests']) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ordercast_tenant;
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${table} FOR SELECT TO ordercast_tenant
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE simulated_gateway_requests, simulated_gateway_holds, simulated_gateway_authorizations');
}
