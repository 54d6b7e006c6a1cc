import type { Knex } from 'knex';

/**
 * Who each order belongs to, so a customer's orders can be listed and others' refused where they
 * are loaded. Null for orders from before accounts existed: only staff see those.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE orders ADD COLUMN customer_id text;
    CREATE INDEX orders_by_customer ON orders (tenant_id, customer_id, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX orders_by_customer; ALTER TABLE orders DROP COLUMN customer_id;');
}
