import type { Knex } from 'knex';

/**
 * Reading the log for a follower sends only the events of the follower's types
 * (`ordercast_scan_log`; a projection batch's claim and the process managers' reads use it). Every
 * projection used to receive every event after its checkpoint and drop the ones it ignores: in the
 * checkout loop a dozen projections each took every event of the log, serialized by PostgreSQL and
 * parsed (and decrypted) by Node, for the few each applies. A read still scans up to `p_limit`
 * events of the log (below the horizon), so a checkpoint passes the ignored ones as before (a
 * caller waiting for "projected up to my append" is released whatever it appended), and says how
 * far it scanned: every row carries the last event scanned (`to_*`) and how many were scanned;
 * with no event of the types among them, one row carries those alone (event columns null); with
 * nothing to scan, one row of nulls and 0. The claim adds the checkpoint it read (`from_*`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_scan_log(p_after_xid xid8, p_after_position bigint, p_types text[], p_limit integer)
      RETURNS TABLE (to_transaction_id text, to_position bigint, scanned integer,
                     global_position bigint, transaction_id text, tenant_id text, stream_id text, stream_type text,
                     stream_version integer, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      horizon xid8;
      last_xid xid8;
      last_position bigint;
      scanned_count integer;
    BEGIN
      -- Its own statement: the events are read in later snapshots, which see everything below it.
      horizon := ordercast_log_horizon();
      WITH window_scanned AS (
        SELECT e.transaction_id, e.global_position
          FROM events e
         WHERE (e.transaction_id, e.global_position) > (p_after_xid, p_after_position) AND e.transaction_id < horizon
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit)
      SELECT w.transaction_id, w.global_position, (SELECT count(*) FROM window_scanned)::integer INTO last_xid, last_position, scanned_count
        FROM window_scanned w
       ORDER BY w.transaction_id DESC, w.global_position DESC
       LIMIT 1;
      IF NOT FOUND THEN
        RETURN QUERY SELECT NULL::text, NULL::bigint, 0, NULL::bigint, NULL::text, NULL::text, NULL::text,
                            NULL::text, NULL::integer, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
        RETURN;
      END IF;
      RETURN QUERY
        SELECT last_xid::text, last_position, scanned_count, e.global_position, e.transaction_id::text,
               e.tenant_id, e.stream_id, e.stream_type, e.stream_version, e.event_type, e.data, e.metadata, e.recorded_at
          FROM events e
         WHERE (e.transaction_id, e.global_position) > (p_after_xid, p_after_position)
           AND (e.transaction_id, e.global_position) <= (last_xid, last_position)
           AND (p_types IS NULL OR e.event_type = ANY (p_types))
         ORDER BY e.transaction_id, e.global_position;
      IF NOT FOUND THEN
        RETURN QUERY SELECT last_xid::text, last_position, scanned_count, NULL::bigint, NULL::text, NULL::text,
                            NULL::text, NULL::text, NULL::integer, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
      END IF;
    END $$;

    CREATE FUNCTION ordercast_claim_batch(p_name text, p_limit integer, p_types text[])
      RETURNS TABLE (from_transaction_id text, from_position bigint, to_transaction_id text, to_position bigint, scanned integer,
                     global_position bigint, transaction_id text, tenant_id text, stream_id text, stream_type text,
                     stream_version integer, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      after_xid xid8 := '0'::xid8;
      after_position bigint := 0;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext(p_name));
      SELECT c.transaction_id, c.global_position INTO after_xid, after_position FROM projection_checkpoints c WHERE c.name = p_name;
      IF NOT FOUND THEN
        after_xid := '0'::xid8;
        after_position := 0;
      END IF;
      RETURN QUERY SELECT after_xid::text, after_position, s.* FROM ordercast_scan_log(after_xid, after_position, p_types, p_limit) s;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION ordercast_claim_batch(text, integer, text[]);
    DROP FUNCTION ordercast_scan_log(xid8, bigint, text[], integer);
  `);
}
