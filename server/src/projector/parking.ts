import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import { isStalePlan } from '../db/prepared-statements';

/**
 * The event an operator's retry of a parked event appends, in the transaction that applies the
 * event to the projection's tables outside any batch (operations/parked-events.ts). Batches that
 * take rows from memory instead of the table watch for it (see `RecentRows.trustedFrom`).
 */
export const PARKED_EVENT_RETRIED = 'ParkedEventRetried';

/**
 * Errors that say nothing about the event being applied: the connection, the server or a lock
 * failed. They are retried without end and never count towards parking, so an outage cannot park
 * good events.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  // A prepared statement whose table changed shape: renamed on its connection, the next try parses it afresh.
  if (isStalePlan(error)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    // 08: connection; 53: resources; 57: operator intervention (shutdown, cancel); 40001/40P01: retry.
    if (/^(08|53|57)/.test(code) || code === '40001' || code === '40P01' || code === '55P03') return true;
    if (/^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH)/.test(code)) return true;
  }
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection timeout|Client has encountered a connection error|Knex: Timeout acquiring a connection/i.test(message);
}

/** An event a follower could not apply; the batch stops at it and is retried. */
export class EventApplyError extends Error {
  constructor(
    readonly follower: string,
    readonly event: RecordedEvent,
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`${follower} failed to apply ${event.type} at position ${event.position} (attempt ${attempts}): ${describe(cause)}`);
  }
}

export const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/**
 * How often each follower failed on which event, in this process. A follower's counts start over
 * once a batch of it gets through (its failing events applied or parked).
 */
export class FailureCounter {
  private readonly failures = new Map<string, Map<number, number>>();

  /** Counts a failure of `follower` on the event at `position`; returns the attempts so far. */
  fail(follower: string, position: number): number {
    let positions = this.failures.get(follower);
    if (!positions) this.failures.set(follower, (positions = new Map()));
    const attempts = (positions.get(position) ?? 0) + 1;
    positions.set(position, attempts);
    return attempts;
  }

  clear(follower: string): void {
    this.failures.delete(follower);
  }
}

/** Records that `follower` passes `event` without applying it; commits with the batch that moves past it. */
export async function parkEvent(trx: Knex | Knex.Transaction, follower: string, event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
  await trx('parked_events')
    .insert({
      follower,
      global_position: event.position,
      transaction_id: event.transactionId,
      tenant_id: event.tenantId,
      stream_id: event.streamId,
      event_type: event.type,
      error: describe(error),
      attempts,
    })
    .onConflict(['follower', 'global_position'])
    .ignore();
}
