import type { EventStore } from '../eventstore/event-store';
import type { RowsWithAppend } from '../eventstore/rows-in-append';
import { type AppendResult, type EventMetadata, type NewEvent, type StreamAppend, type StreamVersion } from '../eventstore/types';
import type { Decider } from './decider';
import { appendOf, decideAtomically, decideOnGuess, keepSnapshotIfDue, loadStream, type LoadedStream } from './streams';

export interface HandleOptions {
  tenantId: string;
  metadata?: EventMetadata;
  /** How often to reload and decide again when another writer got to the stream first. */
  maxAttempts?: number;
}

export interface HandleCommandOptions<Event, State = unknown> extends HandleOptions {
  /**
   * Further appends that must commit with the decided events (e.g. claiming a unique key in a
   * stream of its own). A conflict on one of those is not retried: it is the caller's to report.
   */
  alsoAppend?: (newEvents: Event[]) => StreamAppend[];
  /**
   * Further appends that commit with the decided events, ahead of them in the log: what happened
   * first (a payment's authorization, before the order placed on it). As `alsoAppend`, a conflict
   * on one of those is the caller's.
   */
  precededBy?: readonly StreamAppend[];
  /** Rows of other tables that commit with the decided events, if any are decided (see AppendOptions.rows). */
  rows?: readonly RowsWithAppend[];
  /**
   * The stream as the caller already knows it, decided on without a load: a stream named by a
   * fresh random id (empty), or `stream` of a command this caller just ran on it. If the stream
   * has moved since, the append conflicts and the retry loads it, as for any conflict.
   */
  from?: LoadedStream<State>;
  /**
   * The stream as this process last left it, which another process may have moved since: decided
   * on first, without a load. A conflict reloads, as for any; and since a refusal or an empty
   * decision on an old state may not hold on the new one, either is checked by deciding again on a
   * fresh load.
   */
  guess?: LoadedStream<State>;
  /**
   * Other streams the command was made from, at the versions read (the product an order line
   * copies its price from): the append fails if one has moved since (see AppendOptions.unchanged).
   * Not retried here, since the command itself would change: that conflict is the caller's.
   */
  unchanged?: readonly StreamVersion[];
}

export interface HandleResult<State, Event> {
  state: State;
  version: number;
  newEvents: Event[];
  append: AppendResult | undefined;
  /** The stream after the command, for a next command on it (`from`). */
  stream: LoadedStream<State>;
}

/**
 * Loads a stream, decides, and appends with the loaded version as the expected version.
 * On a concurrency conflict the whole load-decide-append is repeated, so the decision is
 * always taken on the latest state.
 */
export async function handleCommand<State, Command, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  command: Command,
  options: HandleCommandOptions<Event, State>,
): Promise<HandleResult<State, Event>> {
  let loaded!: LoadedStream<State>;
  let newEvents: Event[] = [];
  let known = options.from;
  let guess = options.from ? undefined : options.guess;
  const load = () => loadStream(store, decider, streamId, options.tenantId);
  const append = await decideAtomically(
    store,
    { tenantId: options.tenantId, metadata: options.metadata, unchanged: options.unchanged, rows: options.rows },
    async () => {
      const guessed = guess;
      const first = known ?? guess ?? (await load());
      known = guess = undefined;
      newEvents = await decideOnGuess(first, guessed !== undefined, load, (stream) => decider.decide(command, (loaded = stream).state), (events) => events.length > 0);
      const own = appendOf(decider, loaded, newEvents);
      return own.length === 0 ? [] : [...(options.precededBy ?? []), ...own, ...(options.alsoAppend?.(newEvents) ?? [])];
    },
    { maxAttempts: options.maxAttempts ?? 5, retries: (conflict) => conflict.streamId === streamId },
  );
  const state = append ? newEvents.reduce(decider.evolve, loaded.state) : loaded.state;
  const version = append ? loaded.version + newEvents.length : loaded.version;
  const stream = await keepSnapshotIfDue(store, decider, loaded, state, version, options.tenantId);
  return { state, version, newEvents, append, stream };
}
