import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE orders (
      tenant_id    text        NOT NULL,
      id           uuid        NOT NULL,
      seq          bigint      NOT NULL,
      status       text        NOT NULL,
      version      integer     NOT NULL,
      currency     text,
      total_amount bigint      NOT NULL DEFAULT 0,
      items        jsonb       NOT NULL DEFAULT '[]'::jsonb,
      created_at   timestamptz NOT NULL,
      updated_at   timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX orders_listing ON orders (tenant_id, seq);
    CREATE INDEX orders_by_status ON orders (tenant_id, status, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE orders;');
}
