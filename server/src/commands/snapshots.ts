import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { EventMetadata, LogCheckpoint, RecordedEvent } from '../eventstore/types';

/** A state folded up to a stream version, as kept in `stream_snapshots`. */
export interface Snapshot<State> {
  streamVersion: number;
  state: State;
}

export interface SnapshotAndTail<State> {
  /** The latest snapshot kept under the asked state version, if any. */
  snapshot: Snapshot<State> | undefined;
  /** The stream's events after the snapshot (all of them without one), in version order. */
  tail: RecordedEvent[];
}

interface Row {
  stream_version: number;
  /** Set on the snapshot's row only. */
  snapshot: unknown;
  global_position: number | null;
  transaction_id: string | null;
  stream_type: string | null;
  event_type: string | null;
  data: unknown;
  metadata: EventMetadata | null;
  recorded_at: Date | null;
}

/**
 * Snapshots of stream states for command loads: a cache derived from the events, never the truth.
 * A row may be deleted at any time (the next load folds from the first event and the next command
 * writes a new one); a write that fails is logged and forgotten, never failing the command.
 */
export class SnapshotStore {
  constructor(
    private readonly db: Knex,
    private readonly logger?: Logger,
  ) {}

  /**
   * The latest snapshot under `stateVersion` and the events after it, in ONE round trip (a load is
   * on every command's path). Without a usable snapshot, the tail is the whole stream.
   */
  async loadWithTail<State>(tenantId: string, streamId: string, stateVersion: string): Promise<SnapshotAndTail<State>> {
    // One round trip through a function: see migration 20261130_0110 for why not one SELECT.
    const { rows } = await this.db.raw<{ rows: Row[] }>('SELECT * FROM ordercast_load_stream(?, ?, ?)', [tenantId, streamId, stateVersion]);
    // The snapshot's row (if any) comes first, then the events after it.
    const first = rows[0];
    const snapshot = first && first.event_type === null ? { streamVersion: first.stream_version, state: first.snapshot as State } : undefined;
    const tail = (snapshot ? rows.slice(1) : rows).map(
      (row): RecordedEvent => ({
        position: row.global_position!,
        transactionId: row.transaction_id!,
        tenantId,
        streamId,
        streamType: row.stream_type!,
        streamVersion: row.stream_version,
        type: row.event_type!,
        data: row.data,
        metadata: row.metadata!,
        recordedAt: row.recorded_at!,
      }),
    );
    return { snapshot, tail };
  }

  /**
   * Keeps `state` as the stream's snapshot at `streamVersion`, unless a newer one of the same state
   * version is kept already (a snapshot of another state version is replaced). Best effort: answers
   * whether it was written, and logs a failure at debug level instead of throwing.
   */
  async save(tenantId: string, streamId: string, stateVersion: string, streamVersion: number, state: unknown): Promise<boolean> {
    try {
      const { rowCount } = await this.db.raw<{ rowCount: number }>(
        `INSERT INTO stream_snapshots AS s (tenant_id, stream_id, stream_version, state_version, state)
         VALUES (?, ?, ?, ?, ?::json)
         ON CONFLICT (tenant_id, stream_id) DO UPDATE
           SET stream_version = excluded.stream_version, state_version = excluded.state_version, state = excluded.state, taken_at = now()
         WHERE s.stream_version < excluded.stream_version OR s.state_version <> excluded.state_version`,
        [tenantId, streamId, streamVersion, stateVersion, JSON.stringify(state)],
      );
      return rowCount > 0;
    } catch (error) {
      this.logger?.debug({ err: error, tenantId, streamId, streamVersion }, 'stream snapshot not written');
      return false;
    }
  }

  /** Where a stream's newest event sits in the log (undefined for an empty stream): one row, however long the stream. */
  async head(tenantId: string, streamId: string): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.db.raw<{ rows: { transaction_id: string; global_position: number }[] }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
        WHERE tenant_id = ? AND stream_id = ? ORDER BY stream_version DESC LIMIT 1`,
      [tenantId, streamId],
    );
    const row = rows[0];
    return row && { transactionId: row.transaction_id, position: Number(row.global_position) };
  }
}

const attached = new WeakMap<EventStore, SnapshotStore>();

/**
 * Lets the command runtime (`loadStream` and the command handlers) keep and use snapshots for the
 * streams of this store whose deciders opt in. Without it, every load folds the whole stream.
 */
export function useSnapshots(store: EventStore, snapshots: SnapshotStore): void {
  attached.set(store, snapshots);
}

export function snapshotsOf(store: EventStore): SnapshotStore | undefined {
  return attached.get(store);
}
