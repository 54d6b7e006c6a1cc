import type { Knex } from 'knex';

const LOCK_KEY_1 = 1869767779; // 'ordc', as in 20261130_0100
const LOCK_KEY_2 = 1; // the log

/** How the group function finds the members whose streams moved (into `moved_streams` and `moved_members`). */
export interface MovedCheck {
  /** Its variables, declared with the function's. */
  declare: string;
  /** Its statements, run after the append lock is taken. */
  body: string;
}

/**
 * Several callers' appends in one statement and one commit: the event store groups the appends
 * that queue while its statements in flight are at their bound (see eventstore/append-groups.ts).
 *
 * Each member is one caller's append: streams of one shop, all or none. A member with a stream
 * not at its expected version, as committed, is left out and answered with a conflict row naming
 * that stream; the others still commit. A member that only fails on inserting (a writer of the
 * same version that commits meanwhile, or two members writing one version: 23505 on the unique
 * index) fails the whole statement, and the store then sends each member on its own.
 *
 * Flat arrays, in member order: stream i belongs to member p_stream_members[i]; event j belongs to
 * stream p_event_streams[j] and gets version p_event_versions[j].
 *
 * The moved-stream check is given: 20261201_0140 replaces this migration's.
 */
export function appendGroupFunction(movedCheck: MovedCheck): string {
  return `
    CREATE OR REPLACE FUNCTION ordercast_append_group(
      p_tenant_ids text[],
      p_metadata jsonb[],
      p_stream_members integer[],
      p_stream_ids text[],
      p_stream_types text[],
      p_expected_versions integer[],
      p_event_streams integer[],
      p_event_versions integer[],
      p_event_types text[],
      p_event_data jsonb[],
      p_event_metadata jsonb[]
    ) RETURNS TABLE (moved_stream integer, tenant_id text, stream_id text, stream_version integer, global_position bigint, transaction_id text, recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
${movedCheck.declare}
    BEGIN
      IF array_position(p_tenant_ids, NULL) IS NOT NULL OR '' = ANY (p_tenant_ids) THEN
        RAISE EXCEPTION 'an append must name its shop' USING ERRCODE = '22023';
      END IF;
      IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'a grouped append runs in a transaction of its own' USING ERRCODE = '25000';
      END IF;
      PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_1}, ${LOCK_KEY_2});
${movedCheck.body}
      RETURN QUERY SELECT i, NULL::text, NULL::text, NULL::integer, NULL::bigint, NULL::text, NULL::timestamptz FROM unnest(moved_streams) AS i;
      RETURN QUERY
        INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
        SELECT p_tenant_ids[p_stream_members[e.s]], p_stream_ids[e.s], p_stream_types[e.s], e.v, e.type, e.data,
               coalesce(e.metadata, p_metadata[p_stream_members[e.s]])
          FROM unnest(p_event_streams, p_event_versions, p_event_types, p_event_data, p_event_metadata) WITH ORDINALITY AS e(s, v, type, data, metadata, ord)
         WHERE NOT (p_stream_members[e.s] = ANY (moved_members))
         ORDER BY e.ord
        RETURNING NULL::integer, tenant_id, stream_id, stream_version, global_position, transaction_id::text, recorded_at;
    END $$;
  `;
}

const ARRAY_CHECK: MovedCheck = {
  declare: `      moved_streams integer[];
      moved_members integer[];`,
  body: `      -- Behind: the version it would write exists. Ahead: the expected one does not.
      SELECT coalesce(array_agg(s.i::integer ORDER BY s.i), '{}'), coalesce(array_agg(DISTINCT s.m), '{}')
        INTO moved_streams, moved_members
        FROM unnest(p_stream_members, p_stream_ids, p_expected_versions) WITH ORDINALITY AS s(m, id, v, i)
       WHERE EXISTS (SELECT 1 FROM events x WHERE x.tenant_id = p_tenant_ids[s.m] AND x.stream_id = s.id AND x.stream_version = s.v + 1)
          OR (s.v > 0 AND NOT EXISTS (SELECT 1 FROM events x WHERE x.tenant_id = p_tenant_ids[s.m] AND x.stream_id = s.id AND x.stream_version = s.v));`,
};

export async function up(knex: Knex): Promise<void> {
  await knex.raw(appendGroupFunction(ARRAY_CHECK));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'DROP FUNCTION IF EXISTS ordercast_append_group(text[], jsonb[], integer[], text[], text[], integer[], integer[], integer[], text[], jsonb[], jsonb[])',
  );
}
