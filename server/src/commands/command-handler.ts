import type { EventStore } from '../eventstore/event-store';
import { type AppendResult, type EventMetadata, type NewEvent, type StreamAppend } from '../eventstore/types';
import type { Decider } from './decider';
import { appendOf, decideAtomically, keepSnapshotIfDue, loadStream, type LoadedStream } from './streams';

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
   * The stream as the caller already knows it, decided on without a load: a stream named by a
   * fresh random id (empty), or `stream` of a command this caller just ran on it. If the stream
   * has moved since, the append conflicts and the retry loads it, as for any conflict.
   */
  from?: LoadedStream<State>;
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
  const append = await decideAtomically(
    store,
    { tenantId: options.tenantId, metadata: options.metadata },
    async () => {
      loaded = known ?? (await loadStream(store, decider, streamId, options.tenantId));
      known = undefined;
      newEvents = decider.decide(command, loaded.state);
      const own = appendOf(decider, loaded, newEvents);
      return own.length === 0 ? [] : [...own, ...(options.alsoAppend?.(newEvents) ?? [])];
    },
    { maxAttempts: options.maxAttempts ?? 5, retries: (conflict) => conflict.streamId === streamId },
  );
  const state = append ? newEvents.reduce(decider.evolve, loaded.state) : loaded.state;
  const version = append ? loaded.version + newEvents.length : loaded.version;
  await keepSnapshotIfDue(store, decider, loaded, state, version, options.tenantId);
  return { state, version, newEvents, append, stream: { streamId, state, version, snapshotVersion: loaded.snapshotVersion } };
}
