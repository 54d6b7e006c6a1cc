import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import {
  ConcurrencyError,
  DEFAULT_TENANT,
  type AppendResult,
  type EventMetadata,
  type LogCheckpoint,
  type RecordedEvent,
  type StreamAppend,
} from './types';

export const EVENTS_CHANNEL = 'ordercast_events';

/** What a commit on EVENTS_CHANNEL announces: whose events, and of which types (so only interested readers wake). */
export interface EventsNotification {
  tenantId: string;
  types: string[];
}

/** The event types a notification announces; undefined when it does not say (then everyone should look). */
export function announcedEventTypes(payload: string): string[] | undefined {
  try {
    const parsed = JSON.parse(payload) as Partial<EventsNotification>;
    return Array.isArray(parsed.types) && parsed.types.every((t) => typeof t === 'string') ? parsed.types : undefined;
  } catch {
    return undefined;
  }
}

/** An events table row as the store selects it. */
export interface EventRow {
  global_position: number;
  transaction_id: string;
  tenant_id: string;
  stream_id: string;
  stream_type: string;
  stream_version: number;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const COLUMNS = `global_position, transaction_id::text AS transaction_id, tenant_id, stream_id, stream_type,
  stream_version, event_type, data, metadata, recorded_at`;

function toEvent(row: EventRow): RecordedEvent {
  return {
    position: row.global_position,
    transactionId: row.transaction_id,
    tenantId: row.tenant_id,
    streamId: row.stream_id,
    streamType: row.stream_type,
    streamVersion: row.stream_version,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
}

export interface AppendOptions {
  tenantId?: string;
  metadata?: EventMetadata;
  /** Run inside the caller's transaction (for writes that must commit with the events). */
  trx?: Knex.Transaction;
}

/**
 * Runs inside every append's transaction after its events are inserted: what it writes commits
 * with the events or not at all (e.g. an outbox). Throwing aborts the append.
 */
export type AppendHook = (trx: Knex.Transaction, events: readonly RecordedEvent[]) => Promise<void>;

export interface ReadStreamOptions {
  tenantId?: string;
  /** Only events after this version (e.g. the version of a snapshot already folded). */
  afterVersion?: number;
  /** Only events up to and including this version. */
  toVersion?: number;
  /** Only events recorded at or before this moment. */
  asOf?: Date;
  /** Read as the shop's restricted role (a request's read; see db/tenant-scope), not as the app. */
  asTenant?: boolean;
}

export interface ReadAllOptions {
  after: LogCheckpoint;
  limit: number;
  eventTypes?: readonly string[];
  trx?: Knex.Transaction;
}

/**
 * The PostgreSQL event store. Appends rely on the unique (tenant, stream, version) constraint for
 * optimistic concurrency, so two writers racing on one stream cannot both succeed.
 */
export class EventStore {
  private readonly appendHooks: AppendHook[] = [];

  constructor(private readonly db: Knex) {}

  /** Registers a hook that runs in the transaction of every later append. */
  onAppend(hook: AppendHook): void {
    this.appendHooks.push(hook);
  }

  async append(append: StreamAppend, options: AppendOptions = {}): Promise<AppendResult> {
    return this.appendToStreams([append], options);
  }

  /** Appends to several streams atomically: all appends commit together or none does. */
  async appendToStreams(appends: StreamAppend[], options: AppendOptions = {}): Promise<AppendResult> {
    const tenantId = options.tenantId ?? DEFAULT_TENANT;
    const metadata = options.metadata ?? {};
    const run = async (trx: Knex.Transaction): Promise<AppendResult> => {
      const recorded: RecordedEvent[] = [];
      const versions: Record<string, number> = {};
      for (const append of appends) {
        if (append.events.length === 0) continue;
        const rows = await insertStreamEvents(trx, tenantId, append, metadata);
        recorded.push(...rows.map(toEvent));
        versions[append.streamId] = append.expectedVersion + append.events.length;
      }
      if (recorded.length > 0) {
        for (const hook of this.appendHooks) await hook(trx, recorded);
        const notification: EventsNotification = { tenantId, types: [...new Set(recorded.map((e) => e.type))] };
        await trx.raw('SELECT pg_notify(?, ?)', [EVENTS_CHANNEL, JSON.stringify(notification)]);
      }
      const last = recorded[recorded.length - 1];
      return {
        versions,
        events: recorded,
        checkpoint: last ? { transactionId: last.transactionId, position: last.position } : { transactionId: '0', position: 0 },
      };
    };
    return options.trx ? run(options.trx) : this.db.transaction(run);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const tenantId = options.tenantId ?? DEFAULT_TENANT;
    const read = (db: Knex) => {
      const query = db('events').select(db.raw(COLUMNS)).where({ tenant_id: tenantId, stream_id: streamId }).orderBy('stream_version');
      if (options.afterVersion !== undefined) query.where('stream_version', '>', options.afterVersion);
      if (options.toVersion !== undefined) query.where('stream_version', '<=', options.toVersion);
      if (options.asOf !== undefined) query.where('recorded_at', '<=', options.asOf);
      return query;
    };
    const rows: EventRow[] = await (options.asTenant ? withTenant(this.db, tenantId, read) : read(this.db));
    return rows.map(toEvent);
  }

  /**
   * Events after a checkpoint in commit order. Only rows of transactions older than the oldest
   * still running are returned, so a transaction that commits later can never slip in behind
   * the checkpoint (a plain `position > last` would skip it).
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const db = options.trx ?? this.db;
    const typeFilter = options.eventTypes ? 'AND event_type = ANY(?::text[])' : '';
    const params: Knex.RawBinding[] = [options.after.transactionId, options.after.position];
    if (options.eventTypes) params.push([...options.eventTypes]);
    params.push(options.limit);
    const { rows } = await db.raw<{ rows: EventRow[] }>(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > (?::xid8, ?::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ${typeFilter}
        ORDER BY events.transaction_id, events.global_position
        LIMIT ?`,
      params,
    );
    return rows.map(toEvent);
  }

  /** The checkpoint of the newest committed event (in commit order), or undefined for an empty log. */
  async head(): Promise<LogCheckpoint | undefined> {
    // Ordered by the xid8 column itself: its text form would sort '999' after '1000'.
    const { rows } = await this.db.raw<{ rows: { transaction_id: string; global_position: string }[] }>(
      'SELECT transaction_id::text AS transaction_id, global_position FROM events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1',
    );
    return rows[0] && { transactionId: rows[0].transaction_id, position: Number(rows[0].global_position) };
  }

  /**
   * Whether committed events exist after the checkpoint that `readAll` does not return yet because
   * an older transaction (anywhere in the cluster) is still running: the reader should look again soon.
   */
  async hasHeldBackEvents(after: LogCheckpoint, trx?: Knex.Transaction): Promise<boolean> {
    const { rows } = await (trx ?? this.db).raw<{ rows: { held: boolean }[] }>(
      'SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > (?::xid8, ?::bigint)) AS held',
      [after.transactionId, after.position],
    );
    return rows[0]!.held;
  }
}

async function insertStreamEvents(trx: Knex.Transaction, tenantId: string, append: StreamAppend, metadata: EventMetadata): Promise<EventRow[]> {
  const versions = append.events.map((_, i) => append.expectedVersion + i + 1);
  try {
    // The version guard rejects a stale or too-new expectation; the unique constraint settles races.
    const { rows } = await trx.raw<{ rows: EventRow[] }>(
      `INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
       SELECT ?, ?, ?, e.version, e.type, e.data, ?::jsonb
         FROM unnest(?::int[], ?::text[], ?::jsonb[]) AS e(version, type, data)
        WHERE (SELECT coalesce(max(stream_version), 0) FROM events WHERE tenant_id = ? AND stream_id = ?) = ?
       RETURNING ${COLUMNS}`,
      [
        tenantId,
        append.streamId,
        append.streamType,
        JSON.stringify(metadata),
        versions,
        append.events.map((e) => e.type),
        append.events.map((e) => JSON.stringify(e.data)),
        tenantId,
        append.streamId,
        append.expectedVersion,
      ],
    );
    if (rows.length !== append.events.length) throw new ConcurrencyError(append.streamId, append.expectedVersion);
    return rows.sort((a, b) => a.stream_version - b.stream_version);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'events_stream_version_unique') {
      throw new ConcurrencyError(append.streamId, append.expectedVersion);
    }
    throw error;
  }
}
