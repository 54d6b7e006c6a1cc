import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE catalog_products (
      tenant_id   text        NOT NULL,
      id          uuid        NOT NULL,
      seq         bigint      NOT NULL,
      name        text        NOT NULL,
      description text        NOT NULL,
      status      text        NOT NULL,
      version     integer     NOT NULL,
      created_at  timestamptz NOT NULL,
      updated_at  timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX catalog_products_listing ON catalog_products (tenant_id, status, seq);

    CREATE TABLE catalog_variants (
      tenant_id      text    NOT NULL,
      id             uuid    NOT NULL,
      product_id     uuid    NOT NULL,
      position       integer NOT NULL,
      sku            text    NOT NULL,
      name           text    NOT NULL,
      price_amount   bigint  NOT NULL,
      price_currency text    NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, product_id) REFERENCES catalog_products (tenant_id, id)
    );
    CREATE INDEX catalog_variants_product ON catalog_variants (tenant_id, product_id, position);
    CREATE UNIQUE INDEX catalog_variants_sku ON catalog_variants (tenant_id, sku);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE catalog_variants; DROP TABLE catalog_products;');
}
