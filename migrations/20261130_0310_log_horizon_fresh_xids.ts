import type { Knex } from 'knex';

const LOCK_KEY_1 = 1869767779; // 'ordc', as in 20261130_0100
const LOCK_KEY_2 = 1; // the log

/**
 * The log horizon of 20261130_0180/0290 missed an appender in one short window, and a reader
 * could then pass its event for good. PostgreSQL makes a new transaction id visible to snapshots
 * first and takes the lock on it (the `transactionid` row of pg_locks) just after. The horizon
 * found an appender's id through that lock: an appender caught between the two, its id already
 * in the reader's snapshot as running, was not seen as an appender, so the horizon could lie past
 * its id while later transactions' events were read. Under 16 concurrent writers, readers
 * claiming in a loop missed a few events in 100,000 (test/chaos/log-readers.chaos.ts).
 *
 * Now a transaction running in the reader's snapshot counts as an appender also when pg_locks
 * shows no lock on its id and it is still running: it is in that window. (One that finished
 * since the snapshot is left out: its rows are visible to the read that follows, which takes a
 * later snapshot; counting it would hold readers back for nothing, as a first version of this
 * migration did under load.) Transactions that hold their id's lock and not the append lock
 * still never count, so an unrelated long transaction holds back no reader.
 */
export const freshHorizonQuery = `
      WITH snap AS (SELECT pg_current_snapshot() AS s),
      held AS MATERIALIZED (
        SELECT locktype, mode, granted, virtualtransaction, transactionid, classid, objid, objsubid
          FROM pg_locks
         WHERE locktype = 'transactionid'
            OR (locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))),
      own_xids AS (
        SELECT virtualtransaction, transactionid::text::bigint AS xid32
          FROM held WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted),
      appender_xids AS (
        SELECT x.xid32
          FROM held a JOIN own_xids x ON x.virtualtransaction = a.virtualtransaction
         WHERE a.locktype = 'advisory' AND a.classid = ${LOCK_KEY_1} AND a.objid = ${LOCK_KEY_2} AND a.objsubid = 2)
      SELECT least(
               pg_snapshot_xmax(s),
               -- The snapshot lists running xids in full (xid8); pg_locks only their low 32 bits.
               (SELECT min(running) FROM pg_snapshot_xip(s) AS running
                 WHERE (running::text::bigint & 4294967295) IN (SELECT xid32 FROM appender_xids)
                    OR ((running::text::bigint & 4294967295) NOT IN (SELECT xid32 FROM own_xids)
                        AND pg_xact_status(running) = 'in progress')))
        FROM snap`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ordercast_log_horizon() RETURNS xid8 LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      RETURN (${freshHorizonQuery});
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  const { up: horizonFromPlpgsql } = await import('./20261130_0290_log_horizon_plan_kept');
  await horizonFromPlpgsql(knex);
}
