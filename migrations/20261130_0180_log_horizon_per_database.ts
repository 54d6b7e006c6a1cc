import type { Knex } from 'knex';

const LOCK_KEY_1 = 1869767779; // 'ordc', as in 20261130_0100
const LOCK_KEY_2 = 1; // the log

/** The horizon as one query (20261130_0290 runs it from PL/pgSQL, whose plan is kept). */
export const horizonQuery = (ownDatabaseOnly: boolean) => `
      WITH snap AS (SELECT pg_current_snapshot() AS s),
      held AS MATERIALIZED (
        SELECT locktype, mode, granted, virtualtransaction, transactionid, classid, objid, objsubid
          FROM pg_locks
         WHERE locktype = 'transactionid'
            OR (locktype = 'advisory'${ownDatabaseOnly ? " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())" : ''})),
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
        FROM snap`;

/**
 * The log horizon of 20261130_0100 looked at the append lock's holders in every database of the
 * server: advisory locks are per database, but pg_locks lists them all. So an append running in
 * another database (another deployment, another test database) held back this database's readers
 * until it committed. Only this database's appenders count now; transaction ids stay cluster-wide,
 * as they are.
 */
const horizon = (ownDatabaseOnly: boolean) => `
    CREATE OR REPLACE FUNCTION ordercast_log_horizon() RETURNS xid8 LANGUAGE sql VOLATILE AS $$
${horizonQuery(ownDatabaseOnly)}
    $$;
`;

/** The SQL-language function of this migration (20261130_0290 goes back to it). */
export const sqlHorizonFunction = () => horizon(true);

export async function up(knex: Knex): Promise<void> {
  await knex.raw(horizon(true));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(horizon(false));
}
