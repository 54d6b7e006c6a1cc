import { fold, snapshotInterval, type Decider } from './decider';
import type { CommandContext } from './command-context';
import type { AppendOptions, EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type LogCheckpoint, type NewEvent, type StreamAppend } from '../eventstore/types';
import { snapshotsOf } from './snapshots';
import { commandTelemetry } from './telemetry';
import { DomainError } from '../shared/errors';

export interface LoadedStream<State> {
  streamId: string;
  state: State;
  version: number;
  /** The version of the snapshot the state was folded on; 0 or absent when folded from the first event. */
  snapshotVersion?: number;
}

type LoadableDecider<State, Event extends NewEvent> = Pick<Decider<State, never, Event>, 'initialState' | 'evolve' | 'snapshot'>;

/**
 * A stream's current state and version. For a decider with a snapshot policy (and a store with
 * snapshots, see `useSnapshots`), the latest snapshot and the events after it, in one round trip;
 * otherwise every event of the stream.
 */
export async function loadStream<State, Event extends NewEvent>(
  store: EventStore,
  decider: LoadableDecider<State, Event>,
  streamId: string,
  tenantId: string,
): Promise<LoadedStream<State>> {
  const snapshots = decider.snapshot && snapshotsOf(store);
  if (!decider.snapshot || !snapshots) {
    const history = await store.readStream(streamId, { tenantId });
    return { streamId, state: fold(decider, history as unknown as Event[]), version: history.at(-1)?.streamVersion ?? 0 };
  }
  const loaded = await snapshots.loadWithTail<State>(tenantId, streamId, decider.snapshot.version);
  const { snapshot } = loaded;
  const tail = await store.open(loaded.tail);
  const state = tail.reduce((s, event) => decider.evolve(s, event as unknown as Event), snapshot ? snapshot.state : decider.initialState());
  const snapshotVersion = snapshot?.streamVersion ?? 0;
  return { streamId, state, version: tail.at(-1)?.streamVersion ?? snapshotVersion, snapshotVersion };
}

/**
 * After a command: keeps `state` (the stream's state at `version`, what the command loaded plus
 * what it appended) as a snapshot once the decider's `every` events lie between it and the
 * snapshot the command loaded from. Answers the stream as the command leaves it, for a next
 * command on it (a guess), with the snapshot it now stands on. Outside the append's transaction and best effort: a snapshot
 * that cannot be written is logged at debug level and the command succeeds all the same. Also
 * after a command that appended nothing, so a stream whose snapshot went missing gets one back.
 */
export async function keepSnapshotIfDue<State>(
  store: EventStore,
  decider: Pick<Decider<State, never, NewEvent>, 'snapshot'>,
  loaded: LoadedStream<State>,
  state: State,
  version: number,
  tenantId: string,
): Promise<LoadedStream<State>> {
  const policy = decider.snapshot;
  const snapshots = policy && snapshotsOf(store);
  const after = { streamId: loaded.streamId, state, version, snapshotVersion: loaded.snapshotVersion };
  if (!policy || !snapshots || version - (loaded.snapshotVersion ?? 0) < snapshotInterval(policy, state)) return after;
  await snapshots.save(tenantId, loaded.streamId, policy.version, version, state);
  return { ...after, snapshotVersion: version };
}

/**
 * Decides on `first`. When that holds a guess (`guessed`: streams as this process last left them,
 * which another process may have moved since), a decision that refuses (a DomainError) or does
 * nothing (`acts` false) is taken again on `reload()`, since the streams may have moved to where
 * the command does something. A guess that decided something needs no check here: its append's
 * expected version proves it current, or conflicts. The one rule every command shape that guesses
 * (one stream, one stream's group, several streams) shares.
 */
export async function decideOnGuess<Streams, Decision>(
  first: Streams,
  guessed: boolean,
  reload: () => Promise<Streams>,
  decide: (streams: Streams) => Decision | Promise<Decision>,
  acts: (decision: Decision) => boolean,
): Promise<Decision> {
  if (!guessed) return decide(first);
  try {
    const decision = await decide(first);
    if (acts(decision)) return decision;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  return decide(await reload());
}

/** The append of decided events at the version the stream was loaded at (nothing when nothing was decided). */
export function appendOf<State>(decider: { streamType: string }, loaded: LoadedStream<State>, events: NewEvent[]): StreamAppend[] {
  return events.length === 0 ? [] : [{ streamId: loaded.streamId, streamType: decider.streamType, expectedVersion: loaded.version, events }];
}

export interface RetryOptions {
  /** How many rounds of load, decide and append at most (default 10). */
  maxAttempts?: number;
  /** Which conflicts another round can resolve (default: all); the rest are the caller's to report. */
  retries?: (conflict: ConcurrencyError) => boolean;
  /** How long to wait before round `attempt + 1` (default: jittered, growing with the attempt). */
  backoffMs?: (attempt: number) => number;
}

/**
 * For streams many writers crowd (a popular SKU in a sale): each loses some rounds before it wins
 * or sees the stock gone, so the budget is large, and the backoff grows but is capped, so the crowd
 * spreads out instead of colliding in lockstep.
 */
export const CROWDED_STREAM_RETRIES: Required<Pick<RetryOptions, 'maxAttempts' | 'backoffMs'>> = {
  maxAttempts: 100,
  backoffMs: (attempt) => Math.random() * Math.min(50, 2 * attempt),
};

/**
 * Loads, decides and appends across any streams in ONE transaction; a stream that moved
 * meanwhile repeats the whole round, so every decision is taken on the latest states. The one
 * loop every command shape (one stream, several of a kind, several contexts) runs on.
 */
export async function decideAtomically(
  store: EventStore,
  context: Pick<CommandContext, 'tenantId'> & Partial<Pick<CommandContext, 'metadata'>> & Pick<AppendOptions, 'unchanged' | 'rows'>,
  plan: () => Promise<StreamAppend[]>,
  options: RetryOptions = {},
): Promise<AppendResult | undefined> {
  const maxAttempts = options.maxAttempts ?? 10;
  let streamType = 'unknown';
  try {
    for (let attempt = 1; ; attempt++) {
      const appends = await plan();
      if (appends.length === 0) {
        commandTelemetry.emit('handled', streamType, 'unchanged');
        return undefined;
      }
      streamType = appends[0]!.streamType;
      try {
        const result = await store.appendToStreams(appends, { tenantId: context.tenantId, metadata: context.metadata, unchanged: context.unchanged, rows: context.rows });
        commandTelemetry.emit('handled', streamType, 'appended');
        return result;
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        const retried = attempt < maxAttempts && (options.retries?.(error) ?? true);
        commandTelemetry.emit('conflict', appends.find((a) => a.streamId === error.streamId)?.streamType ?? streamType, retried);
        if (!retried) throw error;
        await new Promise((resolve) => setTimeout(resolve, options.backoffMs?.(attempt) ?? Math.random() * 5 * attempt));
      }
    }
  } catch (error) {
    commandTelemetry.emit('handled', streamType, error instanceof DomainError ? 'refused' : 'failed');
    throw error;
  }
}

/**
 * Where a stream's newest event sits in the log: waiting for a projection to reach it shows that
 * stream's latest state, whoever wrote it (this request or a process that got there first).
 */
export function headOf(store: EventStore, streamId: string, tenantId: string): Promise<LogCheckpoint | undefined> {
  return store.streamHead(streamId, tenantId);
}
