import type { Knex } from 'knex';
import { PAYLOAD_OF_WANTED_TYPES } from './20261130_0300_claim_payloads_of_types';

/**
 * Several projections' batches in one transaction: one claim and one checkpoint move for all of
 * them, where each projection's batch cost a claim, a move and a transaction of its own (in the
 * checkout loop, about seven a checkout, each 0.6 ms of claim and 0.4 ms of move in PostgreSQL).
 *
 * `ordercast_claim_joint_batch` tries each member's checkpoint lock without waiting: a member
 * whose lock another transaction holds (a rebuild of it, a runner on another node) is answered
 * `locked = false` and left out, so it cannot hold up the others (its own batch then waits for
 * the lock as before). Its first rows are one per member (`member` = its place in `p_names`,
 * 1-based): whether it was locked, and the checkpoint it stands at. The events follow (`member`
 * null): up to `p_limit` after the earliest of the locked members' checkpoints, below the log
 * horizon, in commit order, with the payload only of `p_types` (null: every type). A member
 * applies those after its own checkpoint.
 *
 * `ordercast_advance_checkpoints` moves each named member's checkpoint from where the claim read
 * it (compare-and-set, OC412 when one moved underneath, as `ordercast_advance_checkpoint`) to one
 * place, and logs and NOTIFYs the batch's changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_claim_joint_batch(p_names text[], p_limit integer, p_types text[])
      RETURNS TABLE (member integer, locked boolean, from_transaction_id text, from_position bigint, global_position bigint, transaction_id text,
                     tenant_id text, stream_id text, stream_type text, stream_version integer, event_type text, data jsonb, metadata jsonb,
                     recorded_at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
    #variable_conflict use_column
    DECLARE
      i integer;
      got boolean;
      member_xid xid8;
      member_position bigint;
      after_xid xid8;
      after_position bigint;
      horizon xid8;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_names, 1), 0) LOOP
        got := pg_try_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext(p_names[i]));
        member_xid := '0'::xid8;
        member_position := 0;
        IF got THEN
          SELECT c.transaction_id, c.global_position INTO member_xid, member_position FROM projection_checkpoints c WHERE c.name = p_names[i];
          IF NOT FOUND THEN
            member_xid := '0'::xid8;
            member_position := 0;
          END IF;
          IF after_xid IS NULL OR (member_xid, member_position) < (after_xid, after_position) THEN
            after_xid := member_xid;
            after_position := member_position;
          END IF;
        END IF;
        RETURN QUERY SELECT i, got, member_xid::text, member_position, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text,
                            NULL::integer, NULL::text, NULL::jsonb, NULL::jsonb, NULL::timestamptz;
      END LOOP;
      IF after_xid IS NULL THEN
        RETURN;
      END IF;
      -- Two statements on purpose: the rows must be read in a snapshot taken after the horizon's look at the locks.
      horizon := ordercast_log_horizon();
      RETURN QUERY
        SELECT NULL::integer, NULL::boolean, NULL::text, NULL::bigint, e.global_position, e.transaction_id::text,
               ${PAYLOAD_OF_WANTED_TYPES}
         WHERE (e.transaction_id, e.global_position) > (after_xid, after_position) AND e.transaction_id < horizon
         ORDER BY e.transaction_id, e.global_position
         LIMIT p_limit;
    END $$;

    CREATE FUNCTION ordercast_advance_checkpoints(p_names text[], p_from_xids xid8[], p_from_positions bigint[], p_to_xid xid8, p_to_position bigint,
                                                  p_channel text, p_changes jsonb) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      moved integer;
      i integer;
    BEGIN
      FOR i IN 1 .. coalesce(array_length(p_names, 1), 0) LOOP
        INSERT INTO projection_checkpoints AS c (name, transaction_id, global_position) VALUES (p_names[i], p_to_xid, p_to_position)
        ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()
         WHERE c.transaction_id = p_from_xids[i] AND c.global_position = p_from_positions[i];
        GET DIAGNOSTICS moved = ROW_COUNT;
        IF moved <> 1 THEN
          RAISE EXCEPTION 'checkpoint of projection % moved underneath this runner', p_names[i] USING ERRCODE = 'OC412';
        END IF;
      END LOOP;
      RETURN ordercast_log_changes(p_channel, p_changes);
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION ordercast_advance_checkpoints(text[], xid8[], bigint[], xid8, bigint, text, jsonb);
    DROP FUNCTION ordercast_claim_joint_batch(text[], integer, text[]);
  `);
}
