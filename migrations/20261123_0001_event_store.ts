import type { Knex } from 'knex';

/**
 * The append-only event log. `transaction_id` lets readers follow commit order safely:
 * a reader only takes rows of transactions older than every transaction still running
 * (pg_snapshot_xmin), so an event that commits late with a lower position is never skipped.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE events (
      global_position bigserial PRIMARY KEY,
      transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
      tenant_id       text        NOT NULL DEFAULT 'default',
      stream_id       text        NOT NULL,
      stream_type     text        NOT NULL,
      stream_version  integer     NOT NULL CHECK (stream_version > 0),
      event_type      text        NOT NULL,
      data            jsonb       NOT NULL,
      metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_stream_version_unique UNIQUE (tenant_id, stream_id, stream_version)
    );
    CREATE INDEX events_commit_order ON events (transaction_id, global_position);
    CREATE INDEX events_type ON events (event_type);

    -- Events are facts: they are never changed or removed.
    CREATE FUNCTION events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP;
    END $$;
    CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_are_immutable();
    CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_are_immutable();

    CREATE TABLE projection_checkpoints (
      name            text PRIMARY KEY,
      transaction_id  xid8   NOT NULL DEFAULT '0'::xid8,
      global_position bigint NOT NULL DEFAULT 0,
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE projection_checkpoints;
    DROP TABLE events;
    DROP FUNCTION events_are_immutable();
  `);
}
