import type { Knex } from 'knex';

/**
 * Several command loads in one round trip: `ordercast_load_stream` (20261130_0110) for each
 * (shop, stream, state version), its rows tagged with the load's place in the arrays (1-based) and
 * in the same order as alone (the snapshot's row first, then the events after it). The command
 * runtime sends the loads asked for in one tick together (a multi-stream command's SKUs, and
 * concurrent commands'; see server/src/commands/snapshots.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_load_streams(p_tenant_ids text[], p_stream_ids text[], p_state_versions text[])
      RETURNS TABLE (load_index integer, stream_version integer, snapshot json, global_position bigint, transaction_id text,
                     stream_type text, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql STABLE AS $$
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        RETURN QUERY SELECT i, l.* FROM ordercast_load_stream(p_tenant_ids[i], p_stream_ids[i], p_state_versions[i]) AS l;
      END LOOP;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION ordercast_load_streams(text[], text[], text[])');
}
