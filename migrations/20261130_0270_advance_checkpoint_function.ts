import type { Knex } from 'knex';

/**
 * A projection batch's last statement as a function that fails when the checkpoint is no longer
 * where the batch read it, so the batch can send it and its COMMIT in one message: a failed
 * compare-and-set then aborts the transaction instead of letting COMMIT keep the batch's rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ordercast_advance_checkpoint(p_name text, p_from_xid xid8, p_from_position bigint, p_to_xid xid8, p_to_position bigint,
                                                 p_channel text, p_changes jsonb) RETURNS integer
    LANGUAGE plpgsql AS $$
    DECLARE
      moved integer;
    BEGIN
      INSERT INTO projection_checkpoints AS c (name, transaction_id, global_position) VALUES (p_name, p_to_xid, p_to_position)
      ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()
       WHERE c.transaction_id = p_from_xid AND c.global_position = p_from_position;
      GET DIAGNOSTICS moved = ROW_COUNT;
      IF moved <> 1 THEN
        RAISE EXCEPTION 'checkpoint of projection % moved underneath this runner', p_name USING ERRCODE = 'OC412';
      END IF;
      RETURN ordercast_log_changes(p_channel, p_changes);
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION ordercast_advance_checkpoint(text, xid8, bigint, xid8, bigint, text, jsonb)');
}
