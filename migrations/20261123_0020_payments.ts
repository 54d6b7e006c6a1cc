import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE payments (
      tenant_id         text        NOT NULL,
      id                uuid        NOT NULL,
      seq               bigint      NOT NULL,
      order_id          uuid        NOT NULL,
      status            text        NOT NULL,
      currency          text        NOT NULL,
      amount            bigint      NOT NULL,
      amount_authorized bigint      NOT NULL DEFAULT 0,
      amount_captured   bigint      NOT NULL DEFAULT 0,
      amount_refunded   bigint      NOT NULL DEFAULT 0,
      decline_code      text,
      bank              text,
      created_at        timestamptz NOT NULL,
      updated_at        timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX payments_listing ON payments (tenant_id, seq);
    CREATE INDEX payments_by_status ON payments (tenant_id, status, seq);
    CREATE INDEX payments_by_order ON payments (tenant_id, order_id, seq);

    -- The decline report: one row per UTC day, decline code, bank and currency.
    CREATE TABLE payment_declines_daily (
      tenant_id    text    NOT NULL,
      day          date    NOT NULL,
      decline_code text    NOT NULL,
      bank         text    NOT NULL,
      currency     text    NOT NULL,
      count        integer NOT NULL,
      total_amount bigint  NOT NULL,
      PRIMARY KEY (tenant_id, day, decline_code, bank, currency)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE payment_declines_daily; DROP TABLE payments;');
}
