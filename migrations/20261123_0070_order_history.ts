import type { Knex } from 'knex';

/**
 * The audit trail's read model: which events concern which order. Events of other streams (checkout,
 * payment, stock, shipment) are tied to an order through the ids they carry; `order_history_refs`
 * remembers which order each such id belongs to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE order_history_refs (
      tenant_id text NOT NULL,
      ref_id    text NOT NULL,
      order_id  uuid NOT NULL,
      PRIMARY KEY (tenant_id, ref_id)
    );

    -- global_position second: read tables are compared in (1, 2) order, which must be total.
    CREATE TABLE order_history (
      tenant_id       text   NOT NULL,
      global_position bigint NOT NULL,
      order_id        uuid   NOT NULL,
      PRIMARY KEY (tenant_id, order_id, global_position)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE order_history; DROP TABLE order_history_refs;');
}
