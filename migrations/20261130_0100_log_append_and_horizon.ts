import type { Knex } from 'knex';

/**
 * The append and the log read as SQL functions, built around a horizon that only appenders can hold.
 *
 * Readers follow the log in commit order by taking only rows of transactions below a horizon that
 * no still-running appender lies below. The old horizon, pg_snapshot_xmin, counted EVERY
 * transaction with an xid in the whole cluster (any table, any database, a report someone runs),
 * so one long transaction anywhere stalled every projection of every shop.
 *
 * Now every append takes a shared transaction-level advisory lock BEFORE its transaction has an xid
 * (the append must be its transaction's first write; `ordercast_append` refuses otherwise). A
 * reader then derives the horizon from the holders of that lock alone:
 * - a holder with an xid holds the horizon at that xid;
 * - a holder without one yet will get an xid at or above the reader's snapshot xmax;
 * - a transaction that takes the lock after the reader looked gets its xid after that, so above xmax;
 * - a transaction that released it has ended, so a snapshot taken after the look sees its rows.
 * So the horizon is min(xmax, xids of holders), computed in one statement, and the rows are read
 * in a LATER statement (new snapshot): everything below the horizon has then finished, and no
 * event can still appear behind a reader's checkpoint.
 */
const LOCK_KEY_1 = 1869767779; // 'ordc'
const LOCK_KEY_2 = 1; // the log

/** The append as this migration made it (20261130_0280 goes back to it). */
export const APPEND_FUNCTION = `
    -- Appends events to one or more streams of one shop, each at the version its writer decided on:
    -- all of them or none. The events come grouped by stream, p_event_counts[i] of them for stream i.
    -- An event's own metadata (p_event_metadata, optional) replaces the append's (p_metadata).
    -- A stream no longer at its expected version raises SQLSTATE OC409 with the stream id as DETAIL.
    -- One round trip, in autocommit when the caller has no transaction.
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
      inserted integer;
    BEGIN
      IF p_tenant_id IS NULL OR p_tenant_id = '' THEN
        RAISE EXCEPTION 'an append must name its shop' USING ERRCODE = '22023';
      END IF;
      IF current_setting('ordercast.appending', true) IS DISTINCT FROM 'on' THEN
        IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
          RAISE EXCEPTION 'an append must be the first write of its transaction: readers of the log could pass it otherwise'
            USING ERRCODE = '25000';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_1}, ${LOCK_KEY_2});
        PERFORM set_config('ordercast.appending', 'on', true);
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        -- Inserts nothing when the stream is not at the expected version: behind it, a version it
        -- would write exists (the conflict); ahead of it, the expected version does not.
        RETURN QUERY
          INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
          SELECT p_tenant_id, p_stream_ids[i], p_stream_types[i], p_expected_versions[i] + e.ord::integer, e.type, e.data, coalesce(e.metadata, p_metadata)
            FROM unnest(p_event_types[first_event : first_event + p_event_counts[i] - 1],
                        p_event_data[first_event : first_event + p_event_counts[i] - 1],
                        p_event_metadata[first_event : first_event + p_event_counts[i] - 1]) WITH ORDINALITY AS e(type, data, metadata, ord)
           WHERE p_expected_versions[i] = 0 OR EXISTS (
                   SELECT 1 FROM events x WHERE x.tenant_id = p_tenant_id AND x.stream_id = p_stream_ids[i] AND x.stream_version = p_expected_versions[i])
           ORDER BY e.ord
          ON CONFLICT ON CONSTRAINT events_stream_version_unique DO NOTHING
          RETURNING i, stream_version, global_position, transaction_id::text, recorded_at;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        IF inserted <> p_event_counts[i] THEN
          RAISE EXCEPTION 'stream % is no longer at version %', p_stream_ids[i], p_expected_versions[i]
            USING ERRCODE = 'OC409', DETAIL = p_stream_ids[i];
        END IF;
        first_event := first_event + p_event_counts[i];
      END LOOP;
    END $$;
`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- Every append paid for it; readers filter by type along the commit-order index instead.
    DROP INDEX events_type;

    CREATE FUNCTION ordercast_log_horizon() RETURNS xid8 LANGUAGE sql VOLATILE AS $$
      WITH snap AS (SELECT pg_current_snapshot() AS s),
      held AS MATERIALIZED (
        SELECT locktype, mode, granted, virtualtransaction, transactionid, classid, objid, objsubid
          FROM pg_locks WHERE locktype IN ('advisory', 'transactionid')),
      appender_xids AS (
        SELECT x.transactionid::text::bigint AS xid32
          FROM held a JOIN held x ON x.virtualtransaction = a.virtualtransaction
         WHERE a.locktype = 'advisory' AND a.classid = ${LOCK_KEY_1} AND a.objid = ${LOCK_KEY_2} AND a.objsubid = 2
           AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted)
      SELECT least(
               pg_snapshot_xmax(s),
               -- The snapshot lists running xids in full (xid8); pg_locks only their low 32 bits.
               (SELECT min(running) FROM pg_snapshot_xip(s) AS running
                 WHERE (running::text::bigint & 4294967295) IN (SELECT xid32 FROM appender_xids)))
        FROM snap
    $$;

    CREATE FUNCTION ordercast_read_log(p_after_xid xid8, p_after_position bigint, p_types text[], p_limit integer)
      RETURNS SETOF events LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      horizon xid8;
    BEGIN
      -- Two statements on purpose: the rows must be read in a snapshot taken after the horizon's look at the locks.
      horizon := ordercast_log_horizon();
      RETURN QUERY
        SELECT * FROM events e
         WHERE (e.transaction_id, e.global_position) > (p_after_xid, p_after_position)
           AND e.transaction_id < horizon
           AND (p_types IS NULL OR e.event_type = ANY (p_types))
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit;
    END $$;

    -- A projection batch's first round trip: takes the projection's lock for the transaction, reads
    -- its checkpoint and the events after it below the horizon. Every row carries the checkpoint it
    -- read from; with no events, one row carries it alone (event columns null).
    CREATE FUNCTION ordercast_claim_batch(p_name text, p_limit integer)
      RETURNS TABLE (from_transaction_id text, from_position bigint, global_position bigint, transaction_id text, tenant_id text,
                     stream_id text, stream_type text, stream_version integer, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      after_xid xid8 := '0'::xid8;
      after_position bigint := 0;
      horizon xid8;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext(p_name));
      SELECT c.transaction_id, c.global_position INTO after_xid, after_position FROM projection_checkpoints c WHERE c.name = p_name;
      IF NOT FOUND THEN
        after_xid := '0'::xid8;
        after_position := 0;
      END IF;
      horizon := ordercast_log_horizon();
      RETURN QUERY
        SELECT after_xid::text, after_position, e.global_position, e.transaction_id::text, e.tenant_id, e.stream_id, e.stream_type,
               e.stream_version, e.event_type, e.data, e.metadata, e.recorded_at
          FROM events e
         WHERE (e.transaction_id, e.global_position) > (after_xid, after_position) AND e.transaction_id < horizon
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit;
      IF NOT FOUND THEN
        RETURN QUERY SELECT after_xid::text, after_position, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text,
                            NULL::integer, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
      END IF;
    END $$;

${APPEND_FUNCTION}
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX events_type ON events (event_type);
    DROP FUNCTION ordercast_append(text, text[], text[], integer[], integer[], text[], jsonb[], jsonb, jsonb[]);
    DROP FUNCTION ordercast_claim_batch(text, integer);
    DROP FUNCTION ordercast_read_log(xid8, bigint, text[], integer);
    DROP FUNCTION ordercast_log_horizon();
  `);
}
