/** A kept row; `committed` while the COMMIT of its batch is on its way. */
interface KeptRow {
  row: object;
  committed?: Promise<boolean>;
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
 * the table. A change's NOTIFY can reach this process before the answer to the COMMIT that sent
 * it does, which is why rows are offered before the COMMIT rather than after.
 */
export class RecentRows {
  private readonly byProjection = new Map<string, Map<string, KeptRow>>();

  constructor(private readonly maxPerProjection = 10_000) {}

  /** Offers rows a batch of `projection` leaves in its tables, by their keys; kept if `committed` resolves true. */
  remember(projection: string, rows: Iterable<readonly [key: string, row: object]>, committed?: Promise<boolean>): void {
    let kept = this.byProjection.get(projection);
    if (!kept) this.byProjection.set(projection, (kept = new Map()));
    const offered: string[] = [];
    for (const [key, row] of rows) {
      // Re-inserted, so the Map's order stays least recently written first.
      kept.delete(key);
      kept.set(key, { row, committed });
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

  /** The row `projection` last left under `key` in a batch this process committed, if it is still kept. */
  async get<Row extends object>(projection: string, key: string): Promise<Row | undefined> {
    const entry = this.byProjection.get(projection)?.get(key);
    if (!entry) return undefined;
    if (entry.committed && !(await entry.committed)) return undefined;
    return entry.row as Row;
  }
}

/** The rows one batch offers, per projection (see `ProjectionContext.keep`). */
export class KeptRows {
  private readonly rows: [projection: string, key: string, row: object][] = [];

  keeperFor(projection: string): (key: string, row: object) => void {
    return (key, row) => void this.rows.push([projection, key, row]);
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
