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
 * stands, the log horizon `readAll` waits for, and the oldest writing transactions.
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
  return JSON.stringify({ head, horizon: horizon[0], checkpoints, oldestWriters: holders });
}
