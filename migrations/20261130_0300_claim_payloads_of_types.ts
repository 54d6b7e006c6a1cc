import type { Knex } from 'knex';

/**
 * A projection's claim carries the payload only of the events the projection applies: the others
 * come as their place in the log alone (`global_position`, `transaction_id`; every other column
 * null, `tenant_id` included, which no event lacks), since the checkpoint must still pass them.
 * A dozen projections each claimed every event in full, which PostgreSQL serialized and Node
 * parsed, to apply a few: in the checkout loop, about 240 full rows per checkout.
 *
 * The scan is the one of 20261130_0100's `ordercast_claim_batch(text, integer)`, which stays for
 * nodes still running the code before this migration. `p_types` null claims every payload.
 */
/**
 * The columns of an event after its place in the log, null unless its type is among `p_types`
 * (null: every type), and the scan of `events e` that decides it; shared with 20261130_0320.
 */
export const PAYLOAD_OF_WANTED_TYPES = `CASE WHEN w.wanted THEN e.tenant_id END, CASE WHEN w.wanted THEN e.stream_id END,
               CASE WHEN w.wanted THEN e.stream_type END, CASE WHEN w.wanted THEN e.stream_version END,
               CASE WHEN w.wanted THEN e.event_type END, CASE WHEN w.wanted THEN e.data END,
               CASE WHEN w.wanted THEN e.metadata END, CASE WHEN w.wanted THEN e.recorded_at END
          FROM events e
         CROSS JOIN LATERAL (SELECT p_types IS NULL OR e.event_type = ANY (p_types) AS wanted) w`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_claim_batch(p_name text, p_limit integer, p_types text[])
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
        SELECT after_xid::text, after_position, e.global_position, e.transaction_id::text,
               ${PAYLOAD_OF_WANTED_TYPES}
         WHERE (e.transaction_id, e.global_position) > (after_xid, after_position) AND e.transaction_id < horizon
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit;
      IF NOT FOUND THEN
        RETURN QUERY SELECT after_xid::text, after_position, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text,
                            NULL::integer, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
      END IF;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION ordercast_claim_batch(text, integer, text[])');
}
