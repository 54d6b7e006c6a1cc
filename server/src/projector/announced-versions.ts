import type { ReadModelChange } from './projection';

/**
 * The newest `version` announced for each changed row (by shop and id) among the changes this
 * process received since its NOTIFY connection was last made. PostgreSQL delivers them in commit
 * order, so when a change that names no version arrives (one another projection announces for the
 * row, such as a checkout's for its order), the row stood at most at the version noted here when
 * that change committed: a copy of the row at least that new shows everything the change can.
 * Bounded, least recently announced first out; a row not noted since the connection was made (or
 * dropped) is unknown.
 */
export class AnnouncedVersions {
  private readonly versions = new Map<string, number>();

  constructor(private readonly max = 10_000) {}

  /** Notes a change as it is received, before anything reacts to it. */
  note(change: ReadModelChange): void {
    if (change.version === undefined) return;
    const key = rowKey(change.tenantId, change.id);
    const known = this.versions.get(key);
    this.versions.delete(key);
    this.versions.set(key, known === undefined ? change.version : Math.max(known, change.version));
    if (this.versions.size > this.max) this.versions.delete(this.versions.keys().next().value!);
  }

  /** The newest version announced for the row since the connection was made; undefined when this process cannot tell. */
  latest(tenantId: string, id: string): number | undefined {
    return this.versions.get(rowKey(tenantId, id));
  }

  /** A new connection: what was committed while there was none went unheard, so nothing noted before counts. */
  reset(): void {
    this.versions.clear();
  }
}

const rowKey = (tenantId: string, id: string) => `${tenantId}\u0000${id.toLowerCase()}`;
