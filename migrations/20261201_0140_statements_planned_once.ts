import type { Knex } from 'knex';
import { appendGroupFunction, up as groupedAppend, type MovedCheck } from './20261201_0100_grouped_append';

/** Each stream probed on its own, by equality on the unique index (tenant, stream, version). */
const PER_STREAM_CHECK: MovedCheck = {
  declare: `      moved_streams integer[] := '{}';
      moved_members integer[] := '{}';
      s_tenant text;
      s_id text;
      s_version integer;`,
  body: `      -- Behind: the version it would write exists. Ahead: the expected one does not.
      FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        s_tenant := p_tenant_ids[p_stream_members[i]];
        s_id := p_stream_ids[i];
        s_version := p_expected_versions[i];
        IF EXISTS (SELECT 1 FROM events x WHERE x.tenant_id = s_tenant AND x.stream_id = s_id AND x.stream_version = s_version + 1)
           OR (s_version > 0 AND NOT EXISTS (SELECT 1 FROM events x WHERE x.tenant_id = s_tenant AND x.stream_id = s_id AND x.stream_version = s_version)) THEN
          moved_streams := moved_streams || i;
          IF NOT p_stream_members[i] = ANY (moved_members) THEN
            moved_members := moved_members || p_stream_members[i];
          END IF;
        END IF;
      END LOOP;`,
};

/**
 * Two statements PostgreSQL planned afresh on every call, because a plan for the arrays it was
 * given looked cheaper than one for arrays of unknown length (`pg_stat_statements`, 400 checkouts:
 * the group append's version check 773 plans for 754 calls, 0.16 ms of planning for 0.07 of
 * execution; the read of several whole streams 1,280 plans, 0.09 ms for 0.05). Each now probes
 * one stream at a time by equality on the unique index's columns, a plan PL/pgSQL keeps for the
 * session and that suits every value. Not by forcing the generic plan of the array statements:
 * in the app's database that plan scanned the log (3.6 ms a call).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(appendGroupFunction(PER_STREAM_CHECK));
  await knex.raw(`
    CREATE FUNCTION ordercast_read_streams(p_tenant_ids text[], p_stream_ids text[])
      RETURNS TABLE (load_index integer, global_position bigint, transaction_id text, tenant_id text, stream_id text,
                     stream_type text, stream_version integer, event_type text, data jsonb, metadata jsonb, recorded_at timestamptz)
      LANGUAGE plpgsql STABLE AS $$
    #variable_conflict use_column
    DECLARE
      s_tenant text;
      s_id text;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
        s_tenant := p_tenant_ids[i];
        s_id := p_stream_ids[i];
        RETURN QUERY
          SELECT i, e.global_position, e.transaction_id::text, e.tenant_id, e.stream_id, e.stream_type, e.stream_version, e.event_type, e.data, e.metadata, e.recorded_at
            FROM events e WHERE e.tenant_id = s_tenant AND e.stream_id = s_id ORDER BY e.stream_version;
      END LOOP;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION ordercast_read_streams(text[], text[])');
  await groupedAppend(knex);
}
