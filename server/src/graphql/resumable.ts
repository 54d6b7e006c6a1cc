import { Repeater } from '@graphql-yoga/subscription';
import { BadUserInputError } from '../shared/errors';
import { isTransientDatabaseError } from '../projector/parking';
import type { ReadModelChange } from '../projector/projection';
import type { CatchUpMode, ChangeLogReader } from './change-log';
import type { ChangePubSub } from './pubsub';

export interface ResumableOptions {
  /** The row's live changes, already listening (see `listening`) and kept to the subscriber's shop. */
  live: AsyncIterable<ReadModelChange> & { return?(): Promise<unknown> };
  pubSub: ChangePubSub;
  log: ChangeLogReader;
  tenantId: string;
  /** The changed row's id (an order id, a SKU). */
  key: string;
  topics: readonly string[];
  mode: CatchUpMode;
  /** The last revision the client has (the `position` of its last payload); null for none. */
  after: number | null | undefined;
}

const CATCH_UP_RETRY_MS = 100;
const CATCH_UP_MAX_RETRY_MS = 2_000;

/** How every resumable subscription's payload describes its `position`. */
export const POSITION_DESCRIPTION =
  "Subscription payloads: the change position this payload reflects (1, 2, 3… per order or SKU, in commit order). Pass the last one as the subscription's `after` to resume. Null outside subscriptions.";

/** How every resumable subscription describes its `after` argument. */
export const AFTER_DESCRIPTION =
  'The `position` of the last payload the client has: what changed since comes first (the current state, or the missed steps), then the live changes. Omitted: live changes only.';

const PUSH_READ_ATTEMPTS = 6;

/**
 * A push's read of the state it carries, retried while the database fails as an outage does (a
 * connection cut under the pool, say): a failed read would hand the subscriber an error in place
 * of that state, and nothing would push it again until the row changed once more.
 */
export async function readForPush<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1, waitMs = CATCH_UP_RETRY_MS; ; attempt++, waitMs = Math.min(waitMs * 2, CATCH_UP_MAX_RETRY_MS)) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= PUSH_READ_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/** Checks a subscription's `after` argument: a position is 0 or more. */
export function requirePosition(after: number | null | undefined): number | null {
  if (after === null || after === undefined) return null;
  if (!Number.isSafeInteger(after) || after < 0) throw new BadUserInputError('after must be a position: 0 or more', { field: 'after' });
  return after;
}

/**
 * A row's changes that cannot be lost. Live changes were listened to first (the caller's
 * `live`); then, with `after`, the logged changes the client missed are read and delivered before
 * any live one; after the server's NOTIFY connection comes back, the changes logged meanwhile are
 * read again. Everything goes through one queue in order, and a change whose revision was already
 * delivered is dropped: nothing lost, nothing twice, never out of order.
 */
export function resumable(options: ResumableOptions): AsyncIterable<ReadModelChange> {
  const { live, pubSub, log, tenantId, key, topics, mode } = options;
  const after = requirePosition(options.after);
  return new Repeater<ReadModelChange>(async (push, stop) => {
    /** The highest revision delivered or known to be the client's. */
    let last: number | undefined = after ?? undefined;
    /** Where a catch-up starts while nothing was delivered yet: the row's revision at subscribe (read for `every` only, see below). */
    let floor = 0;
    let queue = Promise.resolve();
    let stopped = false;
    void stop.then(() => (stopped = true));
    const enqueue = (step: () => Promise<void>) => {
      queue = queue.then(step).catch((error: unknown) => stop(error));
    };
    const deliver = async (change: ReadModelChange) => {
      if (change.revision !== undefined) {
        if (last !== undefined && change.revision <= last) return;
        last = change.revision;
      }
      await push(change);
    };
    /**
     * Reads the log, retrying while the database fails as an outage does: right after a
     * reconnect it may still be refusing. The
     * queue waits meanwhile, so nothing live overtakes what is being read; undefined once stopped.
     */
    const read = async <T>(query: () => Promise<T>): Promise<T | undefined> => {
      for (let waitMs = CATCH_UP_RETRY_MS; !stopped; waitMs = Math.min(waitMs * 2, CATCH_UP_MAX_RETRY_MS)) {
        try {
          return await query();
        } catch (error) {
          // A broken statement will not mend: the subscription ends with the error.
          if (!isTransientDatabaseError(error)) throw error;
          await Promise.race([new Promise((resolve) => setTimeout(resolve, waitMs).unref()), stop]);
        }
      }
      return undefined;
    };
    const catchUp = () =>
      enqueue(async () => {
        const missed = await read(() => log.since({ tenantId, key, after: last ?? floor, topics, mode }));
        for (const change of missed ?? []) await deliver(change);
      });

    if (after === null) {
      // The floor only matters to a catch-up before anything was delivered. A subscription to the
      // row as it is (`latest`, `latestBy`) then does without it: from 0, the catch-up delivers the
      // row's latest change, which the client may have seen already and which shows the row as it
      // is: harmless, and the statement is saved on every subscribe. Steps (`every`) must start
      // where the subscriber did.
      if (mode.kind === 'every') {
        enqueue(async () => {
          floor = (await read(() => log.head(tenantId, key))) ?? 0;
        });
      }
    } else {
      enqueue(async () => {
        // A client ahead of this database's log (e.g. after its reset) gets every new change.
        const head = await read(() => log.head(tenantId, key));
        if (head !== undefined && last !== undefined && last > head) last = head;
      });
      catchUp();
    }
    const stopResync = pubSub.onResync(catchUp);

    const iterator = live[Symbol.asyncIterator]();
    void (async () => {
      try {
        for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
          const change = result.value;
          enqueue(() => deliver(change));
        }
      } catch (error) {
        stop(error);
      }
    })();

    await stop;
    stopResync();
    await iterator.return?.();
  });
}
