import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE checkouts (
      tenant_id         text        NOT NULL,
      id                uuid        NOT NULL,
      order_id          uuid        NOT NULL,
      seq               bigint      NOT NULL,
      attempt           integer     NOT NULL,
      status            text        NOT NULL,
      failure_reason    text,
      out_of_stock_skus jsonb       NOT NULL DEFAULT '[]'::jsonb,
      decline_code      text,
      payment_id        uuid,
      started_at        timestamptz NOT NULL,
      updated_at        timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX checkouts_by_order ON checkouts (tenant_id, order_id, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE checkouts;');
}
