import type { Knex } from 'knex';
import type { LogCheckpoint } from '../eventstore/types';

interface CheckpointRow {
  transaction_id: string;
  global_position: number;
}

const toCheckpoint = (row: CheckpointRow): LogCheckpoint => ({ transactionId: row.transaction_id, position: row.global_position });

/** Reads a projection's checkpoint and locks it for the rest of the transaction. */
export async function lockCheckpoint(trx: Knex.Transaction, name: string): Promise<LogCheckpoint> {
  await trx.raw('INSERT INTO projection_checkpoints (name) VALUES (?) ON CONFLICT (name) DO NOTHING', [name]);
  const { rows } = await trx.raw<{ rows: CheckpointRow[] }>(
    'SELECT transaction_id::text AS transaction_id, global_position FROM projection_checkpoints WHERE name = ? FOR UPDATE',
    [name],
  );
  return toCheckpoint(rows[0]!);
}

/** Moves a checkpoint only from where it was read (compare-and-set), so no batch is counted twice. */
export async function advanceCheckpoint(trx: Knex.Transaction, name: string, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    `UPDATE projection_checkpoints SET transaction_id = ?::xid8, global_position = ?, updated_at = now()
      WHERE name = ? AND transaction_id = ?::xid8 AND global_position = ?`,
    [to.transactionId, to.position, name, from.transactionId, from.position],
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
