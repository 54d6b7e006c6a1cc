import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import { toRecordedEvent, type EventRow, type EventStore } from '../eventstore/event-store';
import type { RecordedEvent } from '../eventstore/types';

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

/** A row of `ordercast_load_stream`: the snapshot's first (its event columns null), then the events after it. */
type Row = Omit<EventRow, 'tenant_id' | 'stream_id' | 'event_type'> & { event_type: string | null; snapshot: unknown };

interface Load {
  tenantId: string;
  streamId: string;
  stateVersion: string;
}

/**
 * Snapshots of stream states for command loads: a cache derived from the events, never the truth.
 * A row may be deleted at any time (the next load folds from the first event and the next command
 * writes a new one); a write that fails is logged and forgotten, never failing the command.
 */
export class SnapshotStore {
  /**
   * The loads asked for in one tick go in one statement: a multi-stream command's streams (an
   * order's SKUs), and other commands' that happen to load at the same time. Never cached.
   */
  private readonly loads = new DataLoader<Load, Row[]>((loads) => this.loadRows(loads), { cache: false, maxBatchSize: 100 });

  constructor(
    private readonly db: Knex,
    private readonly logger?: Logger,
  ) {}

  /**
   * The latest snapshot under `stateVersion` and the events after it, in ONE round trip (a load is
   * on every command's path). Without a usable snapshot, the tail is the whole stream.
   */
  async loadWithTail<State>(tenantId: string, streamId: string, stateVersion: string): Promise<SnapshotAndTail<State>> {
    const rows = await this.loads.load({ tenantId, streamId, stateVersion });
    // The snapshot's row (if any) comes first, then the events after it.
    const first = rows[0];
    const snapshot = first && first.event_type === null ? { streamVersion: first.stream_version, state: first.snapshot as State } : undefined;
    const tail = (snapshot ? rows.slice(1) : rows).map((row) => toRecordedEvent({ ...row, event_type: row.event_type!, tenant_id: tenantId, stream_id: streamId }));
    return { snapshot, tail };
  }

  /** Each load's rows, in one round trip through a function (see migration 20261130_0110 for why not one SELECT). */
  private async loadRows(loads: readonly Load[]): Promise<Row[][]> {
    // Most loads come alone: they keep the one-stream function, without the loop around it.
    if (loads.length === 1) {
      const { tenantId, streamId, stateVersion } = loads[0]!;
      const { rows } = await this.db.raw<{ rows: Row[] }>('SELECT * FROM ordercast_load_stream(?, ?, ?)', [tenantId, streamId, stateVersion]);
      return [rows];
    }
    const { rows } = await this.db.raw<{ rows: (Row & { load_index: number })[] }>('SELECT * FROM ordercast_load_streams(?::text[], ?::text[], ?::text[])', [
      loads.map((l) => l.tenantId),
      loads.map((l) => l.streamId),
      loads.map((l) => l.stateVersion),
    ]);
    const byLoad: Row[][] = loads.map(() => []);
    for (const { load_index, ...row } of rows) byLoad[load_index - 1]!.push(row);
    return byLoad;
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
