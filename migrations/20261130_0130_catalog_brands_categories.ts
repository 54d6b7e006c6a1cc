import type { Knex } from 'knex';

/**
 * Read tables of brands, categories and which product has which (server/src/catalog/*-projection.ts).
 * No foreign keys between them: each projection rebuilds its own tables on its own.
 *
 * Shop data under the row-level security of 20261123_0090 (same role, same policy), like every
 * table with a tenant_id column.
 */
const TABLES = ['catalog_brands', 'catalog_categories', 'catalog_product_brands', 'catalog_product_categories'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE catalog_brands (
      tenant_id  text        NOT NULL,
      id         uuid        NOT NULL,
      name       text        NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );

    CREATE TABLE catalog_categories (
      tenant_id  text        NOT NULL,
      id         uuid        NOT NULL,
      parent_id  uuid,
      name       text        NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    -- The category filter walks down the tree from the chosen categories.
    CREATE INDEX catalog_categories_parent ON catalog_categories (tenant_id, parent_id);

    CREATE TABLE catalog_product_brands (
      tenant_id  text NOT NULL,
      product_id uuid NOT NULL,
      brand_id   uuid NOT NULL,
      PRIMARY KEY (tenant_id, product_id)
    );
    CREATE INDEX catalog_product_brands_brand ON catalog_product_brands (tenant_id, brand_id);

    CREATE TABLE catalog_product_categories (
      tenant_id   text   NOT NULL,
      product_id  uuid   NOT NULL,
      category_id uuid   NOT NULL,
      -- log position of the assignment: a product's categories are listed in the order they were added
      seq         bigint NOT NULL,
      PRIMARY KEY (tenant_id, product_id, category_id)
    );
    CREATE INDEX catalog_product_categories_category ON catalog_product_categories (tenant_id, category_id);
  `);
  for (const table of TABLES) {
    await knex.raw(`
      GRANT SELECT ON ${table} TO ordercast_tenant;
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${table} FOR SELECT TO ordercast_tenant
        USING (tenant_id = current_setting('ordercast.tenant_id', true));
    `);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE ${[...TABLES].reverse().join(', ')}`);
}
