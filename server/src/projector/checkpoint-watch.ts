import type { Knex } from 'knex';
import type { LogCheckpoint } from '../eventstore/types';

/**
 * Reads where projections this node does not run stand, for requests waiting on them
 * (read-your-writes on a node that holds no lease of them): one query for all of them, every
 * `intervalMs` while anybody waits, and at once when told that some projection committed (its
 * change NOTIFY). Nobody waiting, it reads nothing.
 */
export class CheckpointWatch {
  private watchers = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private again = false;
  private readonly names: ReadonlySet<string>;

  constructor(
    private readonly db: Knex,
    names: readonly string[],
    private readonly intervalMs: number,
    private readonly onRead: (name: string, checkpoint: LogCheckpoint) => void,
  ) {
    this.names = new Set(names);
  }

  /** Watches until the returned function is called. */
  watch(): () => void {
    this.watchers++;
    if (!this.timer) {
      this.timer = setInterval(() => this.nudge(), this.intervalMs);
      this.timer.unref();
    }
    this.nudge();
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      if (--this.watchers === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Reads now if anybody watches (a read under way is followed by one more). */
  nudge(): void {
    if (this.watchers === 0) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.read()
      .catch(() => {
        // The next tick reads again; a waiter also falls back on its own timeout.
      })
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  private async read(): Promise<void> {
    // Every follower's row (a few dozen): one plan, no array to bind.
    const { rows } = await this.db.raw<{ rows: { name: string; transaction_id: string; global_position: number }[] }>(
      'SELECT name, transaction_id::text AS transaction_id, global_position FROM projection_checkpoints',
    );
    for (const row of rows) if (this.names.has(row.name)) this.onRead(row.name, { transactionId: row.transaction_id, position: Number(row.global_position) });
  }
}
