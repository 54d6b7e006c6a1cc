import type { Knex } from 'knex';
import { PAYLOAD_OF_WANTED_TYPES } from './20261130_0300_claim_payloads_of_types';

/**
 * What a process manager reads: every event after its point in commit order, below the log
 * horizon, as `ordercast_read_log` does, but with the payload only of the events of `p_types`;
 * the others come as their place in the log alone (`global_position`, `transaction_id`; every
 * other column null, `tenant_id` included, which no event lacks), since its checkpoint must pass
 * them too. A process manager acts on a few of the dozen event types a checkout writes, and with
 * its partitions in buckets each bucket's runner read every event in full. `p_types` null reads
 * every payload.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_follow_log(p_after_xid xid8, p_after_position bigint, p_types text[], p_limit integer)
      RETURNS TABLE (global_position bigint, transaction_id text, tenant_id text, stream_id text, stream_type text, stream_version integer,
                     event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      horizon xid8;
    BEGIN
      -- Two statements on purpose: the rows must be read in a snapshot taken after the horizon's look at the locks.
      horizon := ordercast_log_horizon();
      RETURN QUERY
        SELECT e.global_position, e.transaction_id::text,
               ${PAYLOAD_OF_WANTED_TYPES}
         WHERE (e.transaction_id, e.global_position) > (p_after_xid, p_after_position) AND e.transaction_id < horizon
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION ordercast_follow_log(xid8, bigint, text[], integer)');
}
