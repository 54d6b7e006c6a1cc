import type { Knex } from 'knex';

/**
 * Sign-in throttling, and notifications that are about an account rather than an order.
 *
 * `sign_in_throttle`: failed sign-ins counted per account (shop and email) and per client address,
 * shared by every node on this database. Operational state, not a fact: it is never rebuilt from
 * events and rows are deleted when a sign-in succeeds. A row of an account carries its shop and is
 * under the row-level security of 20261123_0090; an address row belongs to no shop (tenant_id NULL),
 * so the restricted role never sees it.
 *
 * A password-reset message has no order: the outbox and the mailbox accept a NULL order_id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE sign_in_throttle (
      key             text        PRIMARY KEY,
      tenant_id       text,
      failures        integer     NOT NULL CHECK (failures > 0),
      last_failure_at timestamptz NOT NULL,
      blocked_until   timestamptz
    );

    GRANT SELECT ON sign_in_throttle TO ordercast_tenant;
    ALTER TABLE sign_in_throttle ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON sign_in_throttle FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));

    ALTER TABLE notification_outbox ALTER COLUMN order_id DROP NOT NULL;
    ALTER TABLE notifications ALTER COLUMN order_id DROP NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE sign_in_throttle;
    DELETE FROM notifications WHERE order_id IS NULL;
    DELETE FROM notification_outbox WHERE order_id IS NULL;
    ALTER TABLE notifications ALTER COLUMN order_id SET NOT NULL;
    ALTER TABLE notification_outbox ALTER COLUMN order_id SET NOT NULL;
  `);
}
