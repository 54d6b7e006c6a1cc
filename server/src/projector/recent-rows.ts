import type { LogCheckpoint, RecordedEvent } from '../eventstore/types';
import { PARKED_EVENT_RETRIED } from './parking';
import type { ProjectionContext } from './projection';

/** A kept row; `committed` while the COMMIT of its batch is on its way. */
interface KeptRow {
  row: object;
  committed?: Promise<boolean>;
  /** The projection's `trust` when the row was kept: rows kept before a break in its batches are not its own reads' any more. */
  trust: number;
}

/** Where a projection's batches on this node stand, for `trustedFrom`. */
interface Followed {
  /** Where the last batch this node committed ended; undefined before one, and after a break. */
  passed?: LogCheckpoint;
  trust: number;
}

/**
 * The rows projections left in their tables in the batches this process committed: the newest of
 * each row, a bounded number per projection, dropped least recently written first. Each one is a
 * state the table really held: a row offered while its batch's COMMIT is on its way is answered
 * only once the batch has committed, and dropped if it does not.
 *
 * For reads that need a row at least as new as something they know, and are served as well by
 * the state a batch left as by a read of the table: a mutation's answer once its own write is
 * projected, a push once the change it announces is. Such a read can skip its round trip when the
 * kept row is new enough, which the caller checks (say, by the row's stream version); a kept row
 * can be older than the table when another process projected since, so any other read goes to
 * the table, except the next batch's own read of the rows it changes, when it can tell that
 * nothing else wrote the table since (`trustedFrom`). A change's NOTIFY can reach this process
 * before the answer to the COMMIT that sent it does, which is why rows are offered before the
 * COMMIT rather than after.
 */
export class RecentRows {
  private readonly byProjection = new Map<string, Map<string, KeptRow>>();
  private readonly followed = new Map<string, Followed>();

  constructor(private readonly maxPerProjection = 10_000) {}

  /** Offers rows a batch of `projection` leaves in its tables, by their keys; kept if `committed` resolves true. */
  remember(projection: string, rows: Iterable<readonly [key: string, row: object]>, committed?: Promise<boolean>): void {
    let kept = this.byProjection.get(projection);
    if (!kept) this.byProjection.set(projection, (kept = new Map()));
    const { trust } = this.followedOf(projection);
    const offered: string[] = [];
    for (const [key, row] of rows) {
      // Re-inserted, so the Map's order stays least recently written first.
      kept.delete(key);
      kept.set(key, { row, committed, trust });
      offered.push(key);
    }
    for (const key of kept.keys()) {
      if (kept.size <= this.maxPerProjection) break;
      kept.delete(key);
    }
    if (!committed) return;
    const own = kept;
    void committed.then((ok) => {
      for (const key of offered) {
        const entry = own.get(key);
        if (entry?.committed !== committed) continue;
        if (ok) delete entry.committed;
        else own.delete(key);
      }
    });
  }

  /**
   * For the batch of `projection` that starts at `from`: the rows as the table holds them, by key,
   * from those this node's batches left. Only while every batch of it that committed since these
   * rows were kept was this node's: the last one ended at `from`, so no other batch (another
   * node's, a rebuild's) wrote its table since (a rebuild that ends exactly there leaves the rows
   * these batches left: a read model equals its rebuild). Otherwise, undefined (the batch reads the table),
   * and the rows kept so far serve only the version-checked reads of `get` from now on. A key
   * answered undefined is read from the table: not kept, or its batch's COMMIT still on its way.
   */
  trustedFrom(projection: string, from: LogCheckpoint): ((key: string) => object | undefined) | undefined {
    const followed = this.followedOf(projection);
    const { passed } = followed;
    if (!passed || passed.transactionId !== from.transactionId || passed.position !== from.position) {
      this.distrust(projection);
      return undefined;
    }
    const kept = this.byProjection.get(projection);
    const trust = followed.trust;
    return (key) => {
      const entry = kept?.get(key);
      return entry && !entry.committed && entry.trust === trust ? entry.row : undefined;
    };
  }

  /**
   * Takes the trust back from every row of `projection` kept so far: its table was written
   * outside a batch (an operator's retry of a parked event).
   */
  distrust(projection: string): void {
    const followed = this.followedOf(projection);
    followed.passed = undefined;
    followed.trust++;
  }

  /** Says that a batch of `projection` this node ran has committed, ending at `to`. */
  passed(projection: string, to: LogCheckpoint): void {
    this.followedOf(projection).passed = to;
  }

  private followedOf(projection: string): Followed {
    let followed = this.followed.get(projection);
    if (!followed) this.followed.set(projection, (followed = { trust: 0 }));
    return followed;
  }

  /** The row `projection` last left under `key` in a batch this process committed, if it is still kept. */
  async get<Row extends object>(projection: string, key: string): Promise<Row | undefined> {
    const entry = this.byProjection.get(projection)?.get(key);
    if (!entry) return undefined;
    if (entry.committed && !(await entry.committed)) return undefined;
    return entry.row as Row;
  }
}

/**
 * The claim's payload types when its batch may take kept rows: the projections' own, and the
 * retries of parked events (a retry writes a projection's table outside any batch).
 */
export const typesWithRetries = (types: readonly string[] | undefined, recent: RecentRows | undefined): readonly string[] | undefined =>
  types && recent ? [...types, PARKED_EVENT_RETRIED] : types;

/**
 * The kept rows a batch of `projection` starting at `from` may take instead of reading its table
 * (see `RecentRows.trustedFrom`), given what the batch claimed (of `typesWithRetries`). None when
 * the claim holds a retry of a parked event (its write is in the table and in no kept row: they are
 * all distrusted), or was cut at `limit` (such a retry may lie beyond it, already committed).
 */
export function trustedForBatch(
  recent: RecentRows | undefined,
  projection: string,
  from: LogCheckpoint,
  claimed: { read: number; events: readonly RecordedEvent[] },
  limit: number,
): ((key: string) => object | undefined) | undefined {
  if (!recent) return undefined;
  if (claimed.events.some((event) => event.type === PARKED_EVENT_RETRIED)) {
    recent.distrust(projection);
    return undefined;
  }
  const trusted = recent.trustedFrom(projection, from);
  return claimed.read >= limit ? undefined : trusted;
}

/** The rows one batch offers, per projection (see `ProjectionContext.keep`). */
export class KeptRows {
  private readonly rows: [projection: string, key: string, row: object][] = [];

  keeperFor(projection: string): (key: string, row: object) => void {
    return (key, row) => void this.rows.push([projection, key, row]);
  }

  /**
   * The context's `keep` and `known` for one projection in this batch: `known` answers from
   * `trusted` (see RecentRows.trustedFrom) until the projection keeps a row in this batch, and
   * nothing after: the table then holds what this batch wrote, which the kept rows do not.
   */
  contextFor(projection: string, trusted: ((key: string) => object | undefined) | undefined): Pick<ProjectionContext, 'keep' | 'known'> {
    const keeper = this.keeperFor(projection);
    let keptAny = false;
    return {
      keep: (key, row) => {
        keptAny = true;
        keeper(key, row);
      },
      known: trusted && ((key) => (keptAny ? undefined : trusted(key))),
    };
  }

  /** How many rows are offered so far: `truncate` to it takes back what a failed step offered after. */
  get size(): number {
    return this.rows.length;
  }

  truncate(size: number): void {
    this.rows.length = size;
  }

  /** Offers the rows to `recent` as the batch's COMMIT (`committing`) is sent: kept if it succeeds. */
  offerTo(recent: RecentRows | undefined, committing: Promise<unknown>): void {
    if (!recent || this.rows.length === 0) return;
    const committed = committing.then(
      () => true,
      () => false,
    );
    const byProjection = new Map<string, [string, object][]>();
    for (const [projection, key, row] of this.rows) {
      let rows = byProjection.get(projection);
      if (!rows) byProjection.set(projection, (rows = []));
      rows.push([key, row]);
    }
    for (const [projection, rows] of byProjection) recent.remember(projection, rows, committed);
  }
}
