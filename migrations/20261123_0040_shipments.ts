import type { Knex } from 'knex';

/** Shipments read model. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE shipments (
      tenant_id       text        NOT NULL,
      id              uuid        NOT NULL,
      seq             bigint      NOT NULL,
      order_id        uuid        NOT NULL,
      status          text        NOT NULL,
      carrier         text        NOT NULL,
      tracking_number text,
      lines           jsonb       NOT NULL,
      created_at      timestamptz NOT NULL,
      shipped_at      timestamptz,
      delivered_at    timestamptz,
      cancelled_at    timestamptz,
      updated_at      timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX shipments_listing ON shipments (tenant_id, seq);
    CREATE INDEX shipments_by_status ON shipments (tenant_id, status, seq);
    CREATE INDEX shipments_by_order ON shipments (tenant_id, order_id, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE shipments;');
}
