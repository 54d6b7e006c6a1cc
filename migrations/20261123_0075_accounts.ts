import type { Knex } from 'knex';

/**
 * Shops and users as the API shows them. Passwords are not here, not even hashed: the hash lives
 * only in the user's stream, which sign-in reads.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE shops (
      tenant_id  text        PRIMARY KEY,
      slug       text        NOT NULL,
      name       text        NOT NULL,
      owner_id   uuid,
      created_at timestamptz NOT NULL,
      CONSTRAINT shops_slug_is_tenant CHECK (slug = tenant_id)
    );

    CREATE TABLE users (
      tenant_id  text        NOT NULL,
      id         uuid        NOT NULL,
      email      text        NOT NULL,
      name       text        NOT NULL,
      role       text        NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      CONSTRAINT users_email_unique_per_shop UNIQUE (tenant_id, email)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE users; DROP TABLE shops;');
}
