import type { Knex } from 'knex';

/**
 * Snapshots of a stream's folded state, so a command loads one row and the events after it
 * instead of the whole stream (see server/src/commands/snapshots.ts).
 *
 * A snapshot is a cache derived from the events, never a source of truth: any row may be deleted
 * at any time (the next command folds from the events again and writes a new one), and rows are
 * updated in place as the stream grows. `state_version` names the decider's state shape: a
 * snapshot taken under another name is ignored by the loader and replaced.
 *
 * `state` is `json`, not `jsonb`: it is stored and returned as written (no parse into jsonb on
 * every write, and the state's key order survives, so a loaded state is exactly the folded one).
 *
 * Shop data under the row-level security of 20261123_0090 (same role, same policy), like every
 * table with a tenant_id column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE stream_snapshots (
      tenant_id      text        NOT NULL,
      stream_id      text        NOT NULL,
      stream_version integer     NOT NULL CHECK (stream_version > 0),
      state_version  text        NOT NULL,
      state          json        NOT NULL,
      taken_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, stream_id)
    );

    GRANT SELECT ON stream_snapshots TO ordercast_tenant;
    ALTER TABLE stream_snapshots ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON stream_snapshots FOR SELECT TO ordercast_tenant
      USING (tenant_id = current_setting('ordercast.tenant_id', true));

    -- A command's load in one round trip: the stream's latest snapshot under p_state_version (a row
    -- with its version and state, and no event), then the events after it in version order. Two
    -- statements on purpose: the tail's lower bound must be a value when its query is planned. In
    -- one statement it is a subquery's result, unknown to the planner, which then guesses a third
    -- of the stream and, for a long stream, scans the whole events table (tens of ms at 50,000).
    CREATE FUNCTION ordercast_load_stream(p_tenant_id text, p_stream_id text, p_state_version text)
      RETURNS TABLE (stream_version integer, snapshot json, global_position bigint, transaction_id text,
                     stream_type text, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql STABLE AS $$
    DECLARE
      after_version integer := 0;
      snapshot_state json;
    BEGIN
      SELECT s.stream_version, s.state INTO after_version, snapshot_state
        FROM stream_snapshots s
       WHERE s.tenant_id = p_tenant_id AND s.stream_id = p_stream_id AND s.state_version = p_state_version;
      IF FOUND THEN
        RETURN QUERY SELECT after_version, snapshot_state, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
      ELSE
        after_version := 0;
      END IF;
      -- EXECUTE plans with the bound's value (a cached generic plan would guess again).
      RETURN QUERY EXECUTE
        'SELECT e.stream_version, NULL::json, e.global_position, e.transaction_id::text, e.stream_type, e.event_type, e.data, e.metadata, e.recorded_at
           FROM events e
          WHERE e.tenant_id = $1 AND e.stream_id = $2 AND e.stream_version > $3
          ORDER BY e.stream_version'
        USING p_tenant_id, p_stream_id, after_version;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION ordercast_load_stream(text, text, text);
    DROP TABLE stream_snapshots;
  `);
}
