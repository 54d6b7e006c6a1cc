import DataLoader from 'dataloader';
import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import { PREPARED, statements } from '../db/prepared-statements';
import { LogAnnouncer, type EventsNotification } from './announcer';
import { PLAIN_CODEC, type EventDataCodec, type StoredEvent } from './event-codec';
import { AppendGroups, type AppendedRow, type GroupMember } from './append-groups';
import { appendWithRowsSql, eventSlots, type RowsInAppend, type RowsWithAppend } from './rows-in-append';
import {
  ConcurrencyError,
  type AppendResult,
  type EventMetadata,
  type LogCheckpoint,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
  type StreamVersion,
} from './types';

export { announcedEventTypes, EVENTS_CHANNEL, parseEventsNotification, type EventsNotification } from './announcer';

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

/** An event `followLog` passes without its payload: its place in the log alone. */
export type PassedEventRow = Pick<EventRow, 'global_position' | 'transaction_id'> & { [K in Exclude<keyof EventRow, 'global_position' | 'transaction_id'>]: null };

/** One event `followLog` read: its place in the log, and the event itself when it is of the types asked for. */
export interface FollowedEntry {
  at: LogCheckpoint;
  event: RecordedEvent | undefined;
}

const COLUMNS = `global_position, transaction_id::text AS transaction_id, tenant_id, stream_id, stream_type,
  stream_version, event_type, data, metadata, recorded_at`;

export function toRecordedEvent(row: EventRow): RecordedEvent {
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

/** The shop is always named, never defaulted: a call that forgets it fails instead of landing in another shop. */
function requireTenant(tenantId: string | undefined): string {
  if (!tenantId) throw new Error('the event store needs the shop (tenantId) of every append and read');
  return tenantId;
}

export interface AppendOptions {
  /** The shop the events belong to; required, never defaulted. */
  tenantId: string;
  metadata?: EventMetadata;
  /**
   * Run inside the caller's transaction (for writes that must commit with the events). The append
   * must be that transaction's first write: `ordercast_append` refuses otherwise (see the migration).
   */
  trx?: Knex.Transaction;
  /**
   * Streams the decision read besides those it appends to (a product whose price an order line
   * copies): each must still stand at its version, or the append writes nothing and fails with a
   * ConcurrencyError naming it. Checked in the append's own statement when it is one statement
   * to one stream, otherwise by a read just before the append. Either way it is what a fresh read
   * of those streams just before the append would give: a change committed before the check is
   * never missed, and one committing while the append runs may or may not be seen.
   */
  unchanged?: readonly StreamVersion[];
  /** Rows of other tables written by the append's own statement (a payment token beside the request that names it). */
  rows?: readonly RowsWithAppend[];
}

/**
 * Runs inside the append's transaction after its events are inserted: what it writes commits
 * with the events or not at all (e.g. an outbox). Throwing aborts the append.
 */
export type AppendHook = (trx: Knex.Transaction, events: readonly RecordedEvent[]) => Promise<void>;

interface RegisteredHook {
  run: AppendHook;
  /** Which event types it acts on: an append of none of them runs without a transaction of its own. */
  appliesTo: (eventType: string) => boolean;
  /** What it writes, when the events alone tell: then written by the append's own statement. */
  inStatement?: RowsInAppend;
}

/** Told of every committed append of this store, in this process, right after its commit. */
export type AppendListener = (notification: EventsNotification, appended: readonly RecordedEvent[]) => void;

export interface EventStoreOptions {
  /** How long appends' NOTIFYs are gathered before one goes out (ms); see LogAnnouncer. */
  announceTickMs?: number;
  /** Autocommit append statements in flight at once; the appends that arrive meanwhile go together (see AppendGroups). */
  appendsInFlight?: number;
}

/**
 * Autocommit append statements in flight at once, unless set (see AppendGroups). Measured on the
 * 2-core machine with appends grouped per event-loop turn, which groups these writers as the drain
 * of promise jobs now does (8 writers, 20,000 appends, events/s): 1 in flight 7,483; 2: 7,763;
 * 3: 7,590; 4: 7,895; 8: 7,239 (smaller groups, more commits).
 */
export const DEFAULT_APPENDS_IN_FLIGHT = 3;

export interface ReadStreamOptions {
  tenantId: string;
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
 * The PostgreSQL event store. An append is one call of `ordercast_append` (version check, insert,
 * return) in autocommit, unless a hook or the caller needs a transaction around it. Followers are
 * woken after the commit: in this process at once, other processes by a NOTIFY that the
 * LogAnnouncer coalesces per tick (a NOTIFY inside every append would serialize their commits).
 */
export class EventStore {
  private readonly appendHooks: RegisteredHook[] = [];
  private readonly appendListeners: AppendListener[] = [];
  private codec: EventDataCodec = PLAIN_CODEC;
  /** `followLog` reads under way, by their arguments. */
  private readonly followReads = new Map<string, Promise<FollowedEntry[]>>();
  readonly announcer: LogAnnouncer;
  private readonly groups: AppendGroups;
  /** Whole-stream reads asked for in one tick, read in one statement (commands load on every request). */
  private readonly wholeStreams = new DataLoader<StreamKey, EventRow[]>((keys) => readWholeStreams(this.db, keys), { cache: false, maxBatchSize: 100 });

  constructor(
    private readonly db: Knex,
    options: EventStoreOptions = {},
  ) {
    this.announcer = new LogAnnouncer(db, options.announceTickMs);
    this.groups = new AppendGroups(
      {
        alone: (member) => appendAlone(db, member, []),
        together: (text, values) => runStatement(db, text, values),
      },
      options.appendsInFlight ?? DEFAULT_APPENDS_IN_FLIGHT,
    );
    this.onAppended((notification) => this.announcer.announce(notification));
  }

  /**
   * Registers a hook that runs in the transaction of every later append of one of the event types
   * it applies to (all by default). With `inStatement`, an append whose rows it tells from the
   * events alone writes them in its own statement instead, without a transaction around it.
   */
  onAppend(hook: AppendHook, appliesTo: (eventType: string) => boolean = () => true, inStatement?: RowsInAppend): void {
    this.appendHooks.push({ run: hook, appliesTo, inStatement });
  }

  /** Stores event data through `codec` from now on, and opens every read through it (see EventDataCodec). */
  useCodec(codec: EventDataCodec): void {
    this.codec = codec;
  }

  /** Events read from the events table other than through this store (a join, a batch claim), as readers are to see them. */
  open<E extends StoredEvent>(events: E[], trx?: Knex.Transaction): Promise<E[]> {
    return events.length === 0 ? Promise.resolve(events) : this.codec.open(events, trx);
  }

  /** Registers a listener told of every append this store commits. */
  onAppended(listener: AppendListener): void {
    this.appendListeners.push(listener);
  }

  async append(append: StreamAppend, options: AppendOptions): Promise<AppendResult> {
    return this.appendToStreams([append], options);
  }

  /** Appends to several streams atomically: all appends commit together or none does. */
  async appendToStreams(appends: StreamAppend[], options: AppendOptions): Promise<AppendResult> {
    const tenantId = requireTenant(options.tenantId);
    const metadata = options.metadata ?? {};
    const nonEmpty = appends.filter((a) => a.events.length > 0);
    if (nonEmpty.length === 0) return { versions: {}, events: [], checkpoint: { transactionId: '0', position: 0 } };
    const types = [...new Set(nonEmpty.flatMap((a) => a.events.map((e) => e.type)))];
    const hooks = this.appendHooks.filter((hook) => types.some(hook.appliesTo));
    // Sealed before any transaction opens: making a data key is a write of its own.
    const stored = await this.codec.seal(tenantId, nonEmpty.flatMap((a) => a.events));
    const member: GroupMember = { tenantId, appends: nonEmpty, metadata, stored };
    const unchanged = options.unchanged ?? [];
    const own = options.rows ?? [];
    const run = async (db: Knex | Knex.Transaction, hooksToRun: readonly RegisteredHook[], staged: readonly RowsWithAppend[] = own): Promise<AppendResult> => {
      const recorded = recordedEvents(member, await appendAlone(db, member, staged, unchanged));
      for (const hook of hooksToRun) await hook.run(db as Knex.Transaction, recorded);
      return appendResult(nonEmpty, recorded);
    };
    const notification: EventsNotification = { tenantId, types };
    if (options.trx) {
      const result = await run(options.trx, hooks);
      // Followers can see the events only once the caller's transaction commits.
      options.trx.executionPromise.then(
        () => this.announceAppended(notification, result.events),
        () => {},
      );
      return result;
    }
    const hooksRows = hooks.length > 0 ? stageRows(hooks, tenantId, nonEmpty.flatMap((a) => a.events)) : [];
    const staged = hooksRows && [...hooksRows, ...own];
    let result: AppendResult;
    // A group statement checks no other streams: an append with conditions goes alone.
    if (staged?.length === 0 && unchanged.length === 0) result = appendResult(nonEmpty, recordedEvents(member, await this.groups.append(member)));
    else if (staged?.length === 0) result = await run(this.db, []);
    else if (staged) result = await run(this.db, [], staged);
    else result = await this.db.transaction((trx) => run(trx, hooks));
    this.announceAppended(notification, result.events);
    return result;
  }

  private announceAppended(notification: EventsNotification, appended: readonly RecordedEvent[]): void {
    for (const listener of this.appendListeners) listener(notification, appended);
  }

  async readStream(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const tenantId = requireTenant(options.tenantId);
    const { afterVersion, toVersion, asOf, asTenant } = options;
    if (afterVersion === undefined && toVersion === undefined && asOf === undefined && !asTenant) {
      return this.open((await this.wholeStreams.load({ tenantId, streamId })).map(toRecordedEvent));
    }
    const read = (db: Knex) => {
      const query = db('events').select(db.raw(COLUMNS)).where({ tenant_id: tenantId, stream_id: streamId }).orderBy('stream_version');
      if (options.afterVersion !== undefined) query.where('stream_version', '>', options.afterVersion);
      if (options.toVersion !== undefined) query.where('stream_version', '<=', options.toVersion);
      if (options.asOf !== undefined) query.where('recorded_at', '<=', options.asOf);
      return query;
    };
    const rows: EventRow[] = await (options.asTenant ? withTenant(this.db, tenantId, read) : read(this.db));
    return this.open(rows.map(toRecordedEvent));
  }

  /**
   * Events after a checkpoint in commit order. Only rows below the log horizon are returned (no
   * appender still running lies below it; see the migration 20261130_0100), so an append that
   * commits later can never slip in behind the checkpoint (a plain `position > last` would skip it).
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const db = options.trx ?? this.db;
    const { rows } = await db.raw<{ rows: EventRow[] }>(`SELECT ${COLUMNS} FROM ordercast_read_log(?::xid8, ?::bigint, ?::text[], ?) AS events`, [
      options.after.transactionId,
      options.after.position,
      options.eventTypes ? [...options.eventTypes] : null,
      options.limit,
    ]);
    return this.open(rows.map(toRecordedEvent), options.trx);
  }

  /**
   * Every event after a checkpoint in commit order (below the log horizon, as `readAll`), with the
   * payload only of those of `payloadTypes`: the others come as their place in the log alone, for
   * a follower that must pass them without acting on them.
   *
   * Calls with the same arguments while one is under way share its read: the buckets of one
   * process manager on a node are woken together and usually stand at the same point, and each
   * read them all. The answer is as good for a caller that came later: nothing can commit below
   * the horizon the read stopped at, so a later read could only return more, never other events.
   */
  followLog(options: { after: LogCheckpoint; limit: number; payloadTypes: readonly string[] }): Promise<FollowedEntry[]> {
    const key = `${options.after.transactionId}:${options.after.position}:${options.limit}:${options.payloadTypes.join(',')}`;
    const pending = this.followReads.get(key);
    if (pending) return pending.then((entries) => [...entries]);
    const read = this.readFollowed(options).finally(() => this.followReads.delete(key));
    this.followReads.set(key, read);
    return read.then((entries) => [...entries]);
  }

  private async readFollowed(options: { after: LogCheckpoint; limit: number; payloadTypes: readonly string[] }): Promise<FollowedEntry[]> {
    const { rows } = await this.db.raw<{ rows: (EventRow | PassedEventRow)[] }>(`SELECT ${COLUMNS} FROM ordercast_follow_log(?::xid8, ?::bigint, ?::text[], ?)`, [
      options.after.transactionId,
      options.after.position,
      [...options.payloadTypes],
      options.limit,
    ]);
    const wanted = rows.filter((row): row is EventRow => row.tenant_id !== null).map(toRecordedEvent);
    const opened = await this.open(wanted);
    let next = 0;
    return rows.map((row) => ({
      at: { transactionId: row.transaction_id, position: Number(row.global_position) },
      event: row.tenant_id !== null ? opened[next++] : undefined,
    }));
  }

  /** One event by its global position, whatever its shop (operators' tools name events so); undefined when there is none. */
  async eventAt(position: number, trx?: Knex.Transaction): Promise<RecordedEvent | undefined> {
    const { rows } = await (trx ?? this.db).raw<{ rows: EventRow[] }>(`SELECT ${COLUMNS} FROM events WHERE global_position = ?`, [position]);
    return rows[0] && (await this.open([toRecordedEvent(rows[0])], trx))[0];
  }

  /** Where a stream's newest event sits in the log (undefined for an empty stream): one row, however long the stream. */
  async streamHead(streamId: string, tenantId: string): Promise<LogCheckpoint | undefined> {
    const { rows } = await this.db.raw<{ rows: { transaction_id: string; global_position: number }[] }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
        WHERE tenant_id = ? AND stream_id = ? ORDER BY stream_version DESC LIMIT 1`,
      [tenantId, streamId],
    );
    const row = rows[0];
    return row && { transactionId: row.transaction_id, position: Number(row.global_position) };
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
   * an older append is still running: the reader should look again soon.
   */
  async hasHeldBackEvents(after: LogCheckpoint, trx?: Knex.Transaction): Promise<boolean> {
    const { rows } = await (trx ?? this.db).raw<{ rows: { held: boolean }[] }>(
      'SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > (?::xid8, ?::bigint)) AS held',
      [after.transactionId, after.position],
    );
    return rows[0]!.held;
  }
}

interface StreamKey {
  tenantId: string;
  streamId: string;
}

const STREAM_SQL = `SELECT ${COLUMNS} FROM events WHERE tenant_id = ? AND stream_id = ? ORDER BY stream_version`;
/** Each stream in turn, on a plan PostgreSQL keeps (migration 20261201_0140: an array join was planned afresh each call). */
const STREAMS_SQL = 'SELECT * FROM ordercast_read_streams(?::text[], ?::text[])';

/** Every event of each stream, in one statement; a lone read keeps the plain one-stream query. */
async function readWholeStreams(db: Knex, keys: readonly StreamKey[]): Promise<EventRow[][]> {
  if (keys.length === 1) return [(await db.raw<{ rows: EventRow[] }>(STREAM_SQL, [keys[0]!.tenantId, keys[0]!.streamId]).options(PREPARED)).rows];
  const { rows } = await db.raw<{ rows: (EventRow & { load_index: number })[] }>(STREAMS_SQL, [keys.map((k) => k.tenantId), keys.map((k) => k.streamId)]);
  const streams: EventRow[][] = keys.map(() => []);
  for (const { load_index, ...row } of rows) streams[load_index - 1]!.push(row);
  return streams;
}

/** The log's append lock ('ordc', the log), which every appender holds shared before its transaction has an id (migration 20261130_0100; `ordercast_log_horizon` looks for it). */
const APPEND_LOCK_KEYS = '1869767779, 1';

const APPEND_SQL = 'SELECT * FROM ordercast_append($1, $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::jsonb[], $8::jsonb, $9::jsonb[])';

/**
 * An autocommit append to one stream as one statement, with what `ordercast_append` guarantees:
 * the log's append lock (shared) is taken before the insert gives the transaction its id (the
 * insert's rows come out of the lock's CTE, so no row is written before it), the stream must
 * stand at the expected version (ahead of it: no row is written and none answered, which the
 * caller refuses as a conflict; behind it: the unique index refuses the insert), and the rows
 * come back with their places in the log. The function call's own PL/pgSQL work (its checks,
 * loop and returned table) was half of an append's execution time in PostgreSQL
 * (`pg_stat_statements`: 0.073 ms a call, 0.037 of it in its statements).
 */
const appendOneStreamSql = (unchangedCheck = '') => `WITH append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(${APPEND_LOCK_KEYS})),
  at_version AS MATERIALIZED (
    SELECT ($4::int = 0 OR EXISTS (SELECT 1 FROM events x WHERE x.tenant_id = $1::text AND x.stream_id = $2::text AND x.stream_version = $4::int))${unchangedCheck} AS ok
      FROM append_lock)
INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data, metadata)
SELECT $1::text, $2::text, $3::text, $4::int + e.ord::int, e.type, e.data, coalesce(e.metadata, $8::jsonb)
  FROM at_version CROSS JOIN unnest($5::text[], $6::jsonb[], $7::jsonb[]) WITH ORDINALITY AS e(type, data, metadata, ord)
 WHERE at_version.ok
 ORDER BY e.ord
RETURNING 1 AS stream_index, stream_version, global_position, transaction_id::text AS transaction_id, recorded_at`;
const APPEND_ONE_STREAM_SQL = appendOneStreamSql();
/** The same, writing only while one other stream ($9) has no event past a version ($10). */
const APPEND_ONE_STREAM_IF_UNCHANGED_SQL = appendOneStreamSql(
  '\n           AND NOT EXISTS (SELECT 1 FROM events y WHERE y.tenant_id = $1::text AND y.stream_id = $9::text AND y.stream_version > $10::int)',
);

/** Where each of `streams` stands now: its newest version, 0 for an empty stream. */
async function versionsNow(db: Knex | Knex.Transaction, tenantId: string, streams: readonly StreamVersion[]): Promise<Map<string, number>> {
  const { rows } = await db.raw<{ rows: { stream_id: string; version: number }[] }>(
    'SELECT stream_id, max(stream_version) AS version FROM events WHERE tenant_id = ? AND stream_id = ANY(?::text[]) GROUP BY stream_id',
    [tenantId, streams.map((s) => s.streamId)],
  );
  return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
}

/** The first of `unchanged` that no longer stands at its version, if any. */
async function movedSince(db: Knex | Knex.Transaction, tenantId: string, unchanged: readonly StreamVersion[]): Promise<StreamVersion | undefined> {
  if (unchanged.length === 0) return undefined;
  const now = await versionsNow(db, tenantId, unchanged);
  return unchanged.find((s) => (now.get(s.streamId) ?? 0) !== s.version);
}

interface PooledConnection {
  query<R>(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: R[] }>;
}

/**
 * Runs a statement in the caller's transaction through Knex, or else in autocommit on a pooled
 * connection (the hot path: Knex's query building costs more than the call); `prepare` as PREPARED.
 */
async function runStatement<R>(db: Knex | Knex.Transaction, text: string, values: unknown[], prepare = false): Promise<R[]> {
  if (db.isTransaction) return (await db.raw<{ rows: R[] }>(text.replace(/\$\d+/g, '?'), values as Knex.RawBinding[])).rows;
  const connection = (await db.client.acquireConnection()) as PooledConnection;
  try {
    return (await connection.query<R>({ text, values, name: statements.nameFor(connection, text, prepare) })).rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * The hooks' rows for an append, told from its events alone; undefined when a hook cannot tell
 * them so (the append then runs the hooks in a transaction). Hooks with no rows are left out.
 */
function stageRows(hooks: readonly RegisteredHook[], tenantId: string, events: readonly NewEvent[]): RowsWithAppend[] | undefined {
  const staged: RowsWithAppend[] = [];
  for (const { inStatement: hook } of hooks) {
    const rows = hook?.rows(tenantId, events);
    if (!hook || !rows) return undefined;
    if (rows.length > 0) staged.push({ into: hook, rows });
  }
  return staged;
}

/**
 * One `ordercast_append` call for every stream of the member (with the hooks' rows, if any); a
 * stream that moved becomes a ConcurrencyError naming it.
 */
async function appendAlone(db: Knex | Knex.Transaction, member: GroupMember, staged: readonly RowsWithAppend[], unchanged: readonly StreamVersion[] = []): Promise<AppendedRow[]> {
  const { appends, metadata } = member;
  const events = appends.flatMap((append) => append.events);
  const types = events.map((e) => e.type);
  const data = member.stored.map((stored) => JSON.stringify(stored));
  const appendMetadata = JSON.stringify(metadata);
  const eventMetadata = events.some((e) => e.metadata) ? events.map((e) => JSON.stringify(e.metadata ? { ...metadata, ...e.metadata } : metadata)) : null;
  // Without hook rows or a transaction around it, an append to one stream is the statement of its own.
  const oneStream = staged.length === 0 && appends.length === 1 && !db.isTransaction && unchanged.length <= 1 ? appends[0] : undefined;
  if (!oneStream) {
    const moved = await movedSince(db, member.tenantId, unchanged);
    if (moved) throw new ConcurrencyError(moved.streamId, moved.version);
  }
  let rows: AppendedRow[];
  try {
    if (oneStream) {
      const values = [member.tenantId, oneStream.streamId, oneStream.streamType, oneStream.expectedVersion, types, data, eventMetadata, appendMetadata];
      const [condition] = unchanged;
      rows = condition
        ? await runStatement<AppendedRow>(db, APPEND_ONE_STREAM_IF_UNCHANGED_SQL, [...values, condition.streamId, condition.version], true)
        : await runStatement<AppendedRow>(db, APPEND_ONE_STREAM_SQL, values, true);
    } else {
      const values: unknown[] = [
        member.tenantId,
        appends.map((a) => a.streamId),
        appends.map((a) => a.streamType),
        appends.map((a) => a.expectedVersion),
        appends.map((a) => a.events.length),
        types,
        data,
        appendMetadata,
        eventMetadata,
      ];
      if (staged.length === 0) {
        rows = await runStatement<AppendedRow>(db, APPEND_SQL, values);
      } else {
        const at = eventSlots(appends);
        const hookRows = staged.map((s) => JSON.stringify(s.rows.map((row) => ({ stream_index: at[row.event]!.streamIndex, stream_version: at[row.event]!.streamVersion, ...row.values }))));
        // Prepared: its plan is the call's function scan and inserts from jsonb_to_recordset of a
        // parameter (no scan of a table), the same for every value (see PREPARED). Planned afresh,
        // the two such appends of a checkout cost PostgreSQL 0.22 ms of planning.
        rows = await runStatement<AppendedRow>(db, appendWithRowsSql(APPEND_SQL, values.length + 1, staged.map((s) => s.into)), [...values, ...hookRows], true);
      }
    }
  } catch (error) {
    const moved = movedStream(error, appends);
    if (moved) throw new ConcurrencyError(moved.streamId, moved.expectedVersion);
    throw error;
  }
  // The stream stood behind the expected version, or the stream read had moved: the one-stream
  // statement wrote and answered nothing. Which of the two is looked up only then.
  if (oneStream && rows.length === 0) {
    const moved = await movedSince(db, member.tenantId, unchanged);
    throw moved ? new ConcurrencyError(moved.streamId, moved.version) : new ConcurrencyError(oneStream.streamId, oneStream.expectedVersion);
  }
  return rows;
}

/** The member's events as recorded (with the data the caller gave, not as sealed), in log order. */
function recordedEvents(member: GroupMember, rows: readonly AppendedRow[]): RecordedEvent[] {
  const { tenantId, appends, metadata } = member;
  return rows
    .map((row): RecordedEvent => {
      const append = appends[row.stream_index - 1]!;
      const event = append.events[row.stream_version - append.expectedVersion - 1]!;
      return {
        position: Number(row.global_position),
        transactionId: row.transaction_id,
        tenantId,
        streamId: append.streamId,
        streamType: append.streamType,
        streamVersion: row.stream_version,
        type: event.type,
        data: event.data,
        metadata: event.metadata ? { ...metadata, ...event.metadata } : metadata,
        recordedAt: row.recorded_at,
      };
    })
    .sort((a, b) => a.position - b.position);
}

function appendResult(appends: readonly StreamAppend[], recorded: RecordedEvent[]): AppendResult {
  const last = recorded[recorded.length - 1]!;
  return {
    versions: Object.fromEntries(appends.map((a) => [a.streamId, a.expectedVersion + a.events.length])),
    events: recorded,
    checkpoint: { transactionId: last.transactionId, position: last.position },
  };
}

/**
 * The stream an append failed on because it was no longer at the expected version: ahead of it
 * (OC409, the stream id as DETAIL) or behind it (a version that exists: the unique index names
 * the key `(tenant_id, stream_id, stream_version)=(…)` in its DETAIL).
 */
function movedStream(error: unknown, appends: readonly StreamAppend[]): StreamAppend | undefined {
  const failure = error as { code?: string; detail?: string; constraint?: string };
  if (failure.code === 'OC409') return appends.find((a) => a.streamId === failure.detail) ?? appends[0];
  if (failure.code !== '23505' || failure.constraint !== 'events_stream_version_unique') return undefined;
  return appends.find((a) => failure.detail?.includes(`, ${a.streamId}, `)) ?? appends[0];
}
