import type { Knex } from 'knex';
import { APPEND_FUNCTION } from './20261130_0100_log_append_and_horizon';

const LOCK_KEY_1 = 1869767779; // 'ordc', as in 20261130_0100
const LOCK_KEY_2 = 1; // the log

/**
 * A leaner append (same signature and result). Measured with pgbench on the 2-core machine, one
 * event per call, prepared: the 0100 function ran at 0.7–0.9× a bare INSERT of the same row, this
 * one at 0.95–1.0×. What it no longer does on every call:
 * - `set_config` to mark a transaction that holds the append lock: a transaction whose first write
 *   is this append takes the lock (it has no xid yet); one that already has an xid must hold the
 *   lock from an earlier append, which pg_locks tells (only then is it looked up);
 * - `ON CONFLICT DO NOTHING` (a speculative insertion) and the count of inserted rows: a version
 *   that exists already fails on the unique index as SQLSTATE 23505, which the event store turns
 *   into the same ConcurrencyError as OC409;
 * - unnest for the common single-event stream: one VALUES row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ordercast_append(
      p_tenant_id text,
      p_stream_ids text[],
      p_stream_types text[],
      p_expected_versions integer[],
      p_event_counts integer[],
      p_event_types text[],
      p_event_data jsonb[],
      p_metadata jsonb,
      p_event_metadata jsonb[] DEFAULT NULL
    ) RETURNS TABLE (stream_index integer, stream_version integer, global_position bigint, transaction_id text, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      i integer;
      first_event integer := 1;
    BEGIN
      IF p_tenant_id IS NULL OR p_tenant_id = '' THEN
        RAISE EXCEPTION 'an append must name its shop' USING ERRCODE = '22023';
      END IF;
      IF pg_current_xact_id_if_assigned() IS NULL THEN
        PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_1}, ${LOCK_KEY_2});
      ELSIF NOT EXISTS (SELECT 1 FROM pg_locks l
                         WHERE l.pid = pg_backend_pid() AND l.locktype = 'advisory' AND l.granted
                           AND l.classid = ${LOCK_KEY_1} AND l.objid = ${LOCK_KEY_2} AND l.objsubid = 2) THEN
        -- A transaction that wrote before its first append: readers of the log could pass it.
        RAISE EXCEPTION 'an append must be the first write of its transaction: readers of the log could pass it otherwise'
          USING ERRCODE = '25000';
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        -- Ahead of the stream: the expected version does not exist. Behind it: the insert of a
        -- version that exists fails on events_stream_version_unique (the caller's conflict).
        IF p_expected_versions[i] > 0 AND NOT EXISTS (
             SELECT 1 FROM events x WHERE x.tenant_id = p_tenant_id AND x.stream_id = p_stream_ids[i] AND x.stream_version = p_expected_versions[i]) THEN
          RAISE EXCEPTION 'stream % is not at version %', p_stream_ids[i], p_expected_versions[i]
            USING ERRCODE = 'OC409', DETAIL = p_stream_ids[i];
        END IF;
        IF p_event_counts[i] = 1 THEN
          RETURN QUERY
            INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
            VALUES (p_tenant_id, p_stream_ids[i], p_stream_types[i], p_expected_versions[i] + 1, p_event_types[first_event],
                    p_event_data[first_event], coalesce(p_event_metadata[first_event], p_metadata))
            RETURNING i, stream_version, global_position, transaction_id::text, recorded_at;
        ELSE
          RETURN QUERY
            INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
            SELECT p_tenant_id, p_stream_ids[i], p_stream_types[i], p_expected_versions[i] + e.ord::integer, e.type, e.data, coalesce(e.metadata, p_metadata)
              FROM unnest(p_event_types[first_event : first_event + p_event_counts[i] - 1],
                          p_event_data[first_event : first_event + p_event_counts[i] - 1],
                          p_event_metadata[first_event : first_event + p_event_counts[i] - 1]) WITH ORDINALITY AS e(type, data, metadata, ord)
             ORDER BY e.ord
            RETURNING i, stream_version, global_position, transaction_id::text, recorded_at;
        END IF;
        first_event := first_event + p_event_counts[i];
      END LOOP;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(APPEND_FUNCTION);
}
