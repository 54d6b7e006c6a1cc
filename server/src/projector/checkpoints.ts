import type { Knex } from 'knex';
import type { PinnedSql } from '../db/pinned-connection';
import { literal } from '../db/sql-literal';
import { toRecordedEvent, type EventRow, type PassedEventRow } from '../eventstore/event-store';
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

/**
 * Moves a checkpoint only from where it was read (compare-and-set), so no batch is counted twice.
 * One statement: atomic on its own, so a caller with nothing else to commit with it needs no transaction.
 */
export async function advanceCheckpoint(db: Knex | Knex.Transaction, name: string, from: LogCheckpoint, to: LogCheckpoint): Promise<void> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
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


/** With nothing to claim, one row carries the checkpoint alone. */
type NoRow = { [K in keyof EventRow]: null };
type ClaimedRow = { from_transaction_id: string; from_position: number } & (EventRow | PassedEventRow | NoRow);


/** What a projection batch claimed: the checkpoint it starts from, and the events after it. */
export interface ClaimedBatch {
  from: LogCheckpoint;
  /** The last event claimed (where the checkpoint moves to); undefined when nothing was. */
  to: LogCheckpoint | undefined;
  /** How many events were claimed, those of other types included. */
  read: number;
  /** The claimed events of the types asked for, in log order. */
  events: RecordedEvent[];
}

/** A SQL array literal of text, or NULL. */
const textArray = (values: readonly string[] | undefined): string => (values === undefined ? 'NULL' : `ARRAY[${values.map(literal).join(', ')}]::text[]`);

/**
 * Opens a projection batch's transaction and claims the batch in one message (`BEGIN; SELECT …
 * ordercast_claim_batch`): the transaction's lock on the follower, its checkpoint and up to
 * `limit` events after it in commit order (below the log horizon). Events of other types than
 * `types` (undefined: every type) come without their payload: only their place, for the checkpoint.
 */
export async function beginAndClaimBatch(sql: PinnedSql, name: string, limit: number, types: readonly string[] | undefined): Promise<ClaimedBatch> {
  const results = (await sql.query(`BEGIN; SELECT * FROM ordercast_claim_batch(${literal(name)}, ${literal(limit)}, ${textArray(types)})`)) as { rows: ClaimedRow[] }[];
  const rows = results[1]!.rows;
  const first = rows[0]!;
  const from = { transactionId: first.from_transaction_id, position: Number(first.from_position) };
  if (first.global_position === null) return { from, to: undefined, read: 0, events: [] };
  const last = rows[rows.length - 1]!;
  const events: RecordedEvent[] = [];
  // A claimed event of another type has no shop (which every event has): it is passed, not applied.
  for (const row of rows) if (row.tenant_id !== null) events.push(toRecordedEvent(row));
  return { from, to: { transactionId: last.transaction_id!, position: Number(last.global_position) }, read: rows.length, events };
}

/** Ends a claim that found nothing, saying in the same message whether newer events are committed but still held back. */
export async function endEmptyClaim(sql: PinnedSql, from: LogCheckpoint): Promise<{ heldBack: boolean }> {
  const results = (await sql.query(
    `SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > (${literal(from.transactionId)}::xid8, ${literal(from.position)})) AS held; COMMIT`,
  )) as { rows: { held: boolean }[] }[];
  return { heldBack: results[0]!.rows[0]!.held };
}

/**
 * Moves the checkpoint from where the batch read it, logs and NOTIFYs the batch's changes, and
 * commits, in one message. `ordercast_advance_checkpoint` raises when the checkpoint moved
 * underneath, which aborts the transaction before its COMMIT: no batch is counted twice.
 */
export async function advanceCheckpointNotifyAndCommit(sql: PinnedSql, name: string, from: LogCheckpoint, to: LogCheckpoint, changes: readonly ReadModelChange[]): Promise<void> {
  await sql.query(
    `SELECT ordercast_advance_checkpoint(${literal(name)}, ${literal(from.transactionId)}::xid8, ${literal(from.position)}, ` +
      `${literal(to.transactionId)}::xid8, ${literal(to.position)}, ${literal(CHANGES_CHANNEL)}, ${literal(JSON.stringify(changes))}::jsonb); COMMIT`,
  );
}

/** Where one member of a joint claim stands, if the claim could take its lock. */
export interface JointMemberClaim {
  /** False when another transaction holds the member's checkpoint lock: the member is left out. */
  locked: boolean;
  from: LogCheckpoint;
}

/** What a joint batch claimed: each member's checkpoint, and the events after the earliest of them. */
export interface JointClaim {
  members: JointMemberClaim[];
  /** The last event claimed; undefined when nothing was. */
  to: LogCheckpoint | undefined;
  read: number;
  /** The claimed events of the types asked for, in log order. */
  events: RecordedEvent[];
}

type JointClaimedRow = { member: number | null; locked: boolean | null; from_transaction_id: string | null; from_position: number | null } & (EventRow | PassedEventRow | NoRow);

/**
 * Opens a joint batch's transaction and claims it in one message (`BEGIN; SELECT …
 * ordercast_claim_joint_batch`): the lock and checkpoint of each member whose lock is free, and up
 * to `limit` events after the earliest of their checkpoints, with the payload of `types` only.
 */
export async function beginAndClaimJointBatch(sql: PinnedSql, names: readonly string[], limit: number, types: readonly string[] | undefined): Promise<JointClaim> {
  const results = (await sql.query(`BEGIN; SELECT * FROM ordercast_claim_joint_batch(${textArray(names)}, ${literal(limit)}, ${textArray(types)})`)) as { rows: JointClaimedRow[] }[];
  const members: JointMemberClaim[] = [];
  const events: RecordedEvent[] = [];
  let to: LogCheckpoint | undefined;
  let read = 0;
  for (const row of results[1]!.rows) {
    if (row.member !== null) {
      members[row.member - 1] = { locked: row.locked === true, from: { transactionId: row.from_transaction_id!, position: Number(row.from_position) } };
      continue;
    }
    read += 1;
    to = { transactionId: row.transaction_id!, position: Number(row.global_position) };
    if (row.tenant_id !== null) events.push(toRecordedEvent(row));
  }
  return { members, to, read, events };
}

/**
 * Moves each named checkpoint from where the joint claim read it to `to`, logs and NOTIFYs the
 * changes, and commits, in one message; a checkpoint that moved underneath aborts it all (OC412).
 */
export async function advanceCheckpointsNotifyAndCommit(
  sql: PinnedSql,
  moves: readonly { name: string; from: LogCheckpoint }[],
  to: LogCheckpoint,
  changes: readonly ReadModelChange[],
): Promise<void> {
  const xids = `ARRAY[${moves.map((m) => `${literal(m.from.transactionId)}::xid8`).join(', ')}]::xid8[]`;
  const positions = `ARRAY[${moves.map((m) => literal(m.from.position)).join(', ')}]::bigint[]`;
  await sql.query(
    `SELECT ordercast_advance_checkpoints(${textArray(moves.map((m) => m.name))}, ${xids}, ${positions}, ` +
      `${literal(to.transactionId)}::xid8, ${literal(to.position)}, ${literal(CHANGES_CHANNEL)}, ${literal(JSON.stringify(changes))}::jsonb); COMMIT`,
  );
}
