import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';

/** Announces that a read row changed; delivered to subscribers only after the change commits. */
export interface ReadModelChange {
  topic: string;
  id: string;
  tenantId: string;
  /** A small payload for changes a subscriber must see one by one (PostgreSQL caps it under 8000 bytes). */
  data?: Record<string, unknown>;
  /**
   * The change's place among every change of its row (`id`, in its shop): 1, 2, 3… in commit
   * order, given when the change is logged (see `ordercast_log_changes`). Subscriptions push it as
   * their payload's `position` and resume after it.
   */
  revision?: number;
  /**
   * The changed row's version after the change, for read models that keep their stream's version
   * in the row (orders): a reader holding that row at this version or newer need not read it again.
   */
  version?: number;
}

export interface ProjectionContext {
  trx: Knex.Transaction;
  changed(change: ReadModelChange): void;
  /**
   * Offers a row as the batch leaves it in its table (by its `keyOf` key), to be kept in memory
   * once the batch commits (see `RecentRows`). Absent where nothing is kept (a rebuild).
   */
  keep?(key: string, row: object): void;
  /**
   * The row under a key (as `keep` was given it) as the table holds it, when this node's batches
   * left it there and nothing else wrote the table since (see `RecentRows.trustedFrom`), so the
   * batch need not read it; undefined: read the table. Absent where nothing is known (a rebuild).
   */
  known?(key: string): object | undefined;
}

/**
 * Folds events into read tables. `apply` runs inside the transaction that also moves the
 * checkpoint, so each event is applied exactly once.
 */
export interface Projection {
  name: string;
  /** Read tables this projection owns: emptied before a rebuild. Listed children first. */
  tables: readonly string[];
  /**
   * Event types it reacts to; others are skipped without being read. 'all' for a projection that
   * looks at every event (e.g. one correlating by data fields, so new event types need no listing).
   */
  eventTypes: readonly string[] | 'all';
  apply(event: RecordedEvent, context: ProjectionContext): Promise<void>;
  /**
   * Applies a batch of events of its types, in log order, with as few statements as it can (e.g.
   * one read and one upsert per batch): live batches and rebuilds use it when present. Must leave
   * the tables exactly as `apply` event by event would.
   */
  applyBatch?(events: readonly RecordedEvent[], context: ProjectionContext): Promise<void>;
}

/** Applies events (already filtered to the projection's types) through `applyBatch` when it has one, else one by one. */
export async function applyAll(projection: Projection, events: readonly RecordedEvent[], context: ProjectionContext): Promise<void> {
  if (events.length === 0) return;
  if (projection.applyBatch) return projection.applyBatch(events, context);
  for (const event of events) await projection.apply(event, context);
}

/** The event type filter for reading the log on behalf of a projection; undefined reads everything. */
export const eventTypeFilter = (projection: Pick<Projection, 'eventTypes'>): readonly string[] | undefined =>
  projection.eventTypes === 'all' ? undefined : projection.eventTypes;
