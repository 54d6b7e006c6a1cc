import type { Knex } from 'knex';
import { toRecordedEvent, type EventRow } from '../eventstore/event-store';
import { LOG_START, type LogCheckpoint, type RecordedEvent } from '../eventstore/types';
import { CHANGES_CHANNEL } from './changes';
import type { ReadModelChange } from './projection';

interface CheckpointRow {
  transaction_id: string;
  global_position: number;
}

const toCheckpoint = (row: CheckpointRow): LogCheckpoint => ({ transactionId: row.transaction_id, position: row.global_position });

/**
 * Takes the follower's lock for the rest of the transaction and reads its checkpoint. An advisory
 * lock rather than FOR UPDATE: an idle batch then takes no transaction id (so it does not hold
 * back the snapshot horizon every reader of the log waits on) and locks no checkpoint row (so a
 * process manager can move its checkpoint event by event in transactions of their own).
 * A follower without a row yet starts at the beginning of the log.
 */
export async function lockCheckpoint(trx: Knex.Transaction, name: string): Promise<LogCheckpoint> {
  await trx.raw("SELECT pg_advisory_xact_lock(hashtext('ordercast.checkpoint'), hashtext(?))", [name]);
  const { rows } = await trx.raw<{ rows: CheckpointRow[] }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = ?',
    [name],
  );
  return rows[0] ? toCheckpoint(rows[0]) : LOG_START;
}

/** Moves a checkpoint only from where it was read (compare-and-set), so no batch is counted twice. */
export async function advanceCheckpoint(trx: Knex.Transaction, name: string, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    `INSERT INTO projection_checkpoints AS c (name, transaction_id, global_position) VALUES (?, ?::xid8, ?)
     ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()
      WHERE c.transaction_id = ?::xid8 AND c.global_position = ?`,
    [name, to.transactionId, to.position, from.transactionId, from.position],
  );
  if (rowCount !== 1) throw new Error(`checkpoint of projection ${name} moved underneath this runner`);
}

export async function readCheckpoint(db: Knex, name: string): Promise<LogCheckpoint | undefined> {
  const { rows } = await db.raw<{ rows: CheckpointRow[] }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = ?',
    [name],
  );
  return rows[0] && toCheckpoint(rows[0]);
}

/** True when `checkpoint` is at or past `target` in commit order. */
export function reached(checkpoint: LogCheckpoint | undefined, target: LogCheckpoint): boolean {
  if (!checkpoint) return false;
  const a = BigInt(checkpoint.transactionId);
  const b = BigInt(target.transactionId);
  return a > b || (a === b && checkpoint.position >= target.position);
}


type ClaimedRow = { from_transaction_id: string; from_position: number } & (EventRow | { [K in keyof EventRow]: null });

/**
 * Takes the follower's lock for the rest of the transaction, and reads its checkpoint and up to
 * `limit` events after it in commit order (below the log horizon), in one round trip.
 */
export async function claimBatch(trx: Knex.Transaction, name: string, limit: number): Promise<{ from: LogCheckpoint; events: RecordedEvent[] }> {
  const { rows } = await trx.raw<{ rows: ClaimedRow[] }>('SELECT * FROM ordercast_claim_batch(?, ?)', [name, limit]);
  const first = rows[0]!;
  const from = { transactionId: first.from_transaction_id, position: Number(first.from_position) };
  return { from, events: first.global_position === null ? [] : (rows as EventRow[]).map(toRecordedEvent) };
}

/**
 * `advanceCheckpoint` and the batch's changes in one round trip: each change is logged with its
 * revision and NOTIFYed with it (`ordercast_log_changes`), so a subscriber that missed the NOTIFY
 * can read it back.
 */
export async function advanceCheckpointAndNotify(trx: Knex.Transaction, name: string, from: LogCheckpoint, to: LogCheckpoint, changes: readonly ReadModelChange[]): Promise<void> {
  const { rows } = await trx.raw<{ rows: { moved: number }[] }>(
    `WITH moved AS (
       INSERT INTO projection_checkpoints AS c (name, transaction_id, global_position) VALUES (?, ?::xid8, ?)
       ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()
        WHERE c.transaction_id = ?::xid8 AND c.global_position = ?
       RETURNING 1)
     SELECT (SELECT count(*) FROM moved)::int AS moved, ordercast_log_changes(?, ?::jsonb) AS notified`,
    [name, to.transactionId, to.position, from.transactionId, from.position, CHANGES_CHANNEL, JSON.stringify(changes)],
  );
  if (rows[0]!.moved !== 1) throw new Error(`checkpoint of projection ${name} moved underneath this runner`);
}
