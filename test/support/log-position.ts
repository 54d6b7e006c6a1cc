import type { TestApp } from './app';
import { EVENTUALLY_MS } from './eventually';

/** Waits until the projection has passed every event committed so far. */
export async function projectedUpToNow(testApp: TestApp, projection: string): Promise<void> {
  const head = await testApp.app.store.head();
  if (head) await testApp.app.projector.waitFor(projection, head, EVENTUALLY_MS);
}

/** Waits until every projection of the app has passed every event committed so far. */
export async function allProjectedUpToNow(testApp: TestApp): Promise<void> {
  await testApp.app.projector.caughtUpWithLog(EVENTUALLY_MS);
}

/**
 * Why the log may not be moving, for a test's failure message: the head, where each follower
 * stands, the log horizon `readAll` waits for, the oldest writing transactions, and this
 * database's sessions inside a transaction.
 */
export async function logDiagnosis(testApp: TestApp): Promise<string> {
  const { db } = testApp.database;
  const head = await testApp.app.store.head();
  const checkpoints = await db('projection_checkpoints').select('name', db.raw('transaction_id::text AS transaction_id'), 'global_position');
  const { rows: horizon } = await db.raw('SELECT ordercast_log_horizon()::text AS horizon');
  const { rows: holders } = await db.raw(
    `SELECT datname, state, backend_xid::text AS xid, now() - xact_start AS open_for, left(query, 120) AS query
       FROM pg_stat_activity WHERE backend_xid IS NOT NULL ORDER BY xact_start LIMIT 5`,
  );
  // Sessions of this database inside a transaction, writing or not (a batch holds its checkpoints'
  // locks from its claim on, before it writes anything), with the advisory locks they hold or wait for.
  const { rows: inTransaction } = await db.raw(
    `SELECT a.pid, a.state, a.wait_event_type, a.wait_event, now() - a.xact_start AS open_for, left(a.query, 120) AS query,
            (SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)::int AS advisory_held,
            (SELECT count(*) FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted)::int AS waiting_for
       FROM pg_stat_activity a WHERE a.datname = current_database() AND a.xact_start IS NOT NULL AND a.pid <> pg_backend_pid()
      ORDER BY a.xact_start LIMIT 8`,
  );
  return JSON.stringify({ head, horizon: horizon[0], checkpoints, oldestWriters: holders, inTransaction });
}
