import type { Knex } from 'knex';

/**
 * Payment tokens out of the event log: `checkoutOrder` puts the token here and the events carry only
 * a reference (`paymentTokenRef`). A row lives until the authorization is decided (or the checkout
 * ends without one), then it is deleted; rows a checkout abandoned are swept once `expires_at` has
 * passed. Nothing here is a fact worth keeping, so unlike the events it can be forgotten.
 *
 * Read and written by the server's own role only: the request role is granted nothing. Row-level
 * security is on all the same, with the shop policy of 20261123_0090, so a grant added later
 * still cannot cross shops.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE payment_token_vault (
      tenant_id   text        NOT NULL,
      token_ref   text        NOT NULL,
      token       text        NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      expires_at  timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, token_ref)
    );
    CREATE INDEX payment_token_vault_expiry ON payment_token_vault (expires_at);

    ALTER TABLE payment_token_vault ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON payment_token_vault FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE payment_token_vault');
}
