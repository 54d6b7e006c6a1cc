import type { TestApp } from './app';

/** Waits until the projection has passed every event committed so far. */
export async function projectedUpToNow(testApp: TestApp, projection: string): Promise<void> {
  // Ordered by the xid8 column itself: its text form would sort '999' after '1000'.
  const { rows } = await testApp.database.db.raw<{ rows: { transaction_id: string; global_position: string }[] }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1',
  );
  if (!rows[0]) return;
  await testApp.app.projector.waitFor(projection, { transactionId: rows[0].transaction_id, position: Number(rows[0].global_position) });
}
