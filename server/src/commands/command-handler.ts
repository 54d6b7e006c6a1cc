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

export interface HandleCommandOptions<Event> extends HandleOptions {
  /**
   * Further appends that must commit with the decided events (e.g. claiming a unique key in a
   * stream of its own). A conflict on one of those is not retried: it is the caller's to report.
   */
  alsoAppend?: (newEvents: Event[]) => StreamAppend[];
}

export interface HandleResult<State, Event> {
  state: State;
  version: number;
  newEvents: Event[];
  append: AppendResult | undefined;
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
  options: HandleCommandOptions<Event>,
): Promise<HandleResult<State, Event>> {
  let loaded!: LoadedStream<State>;
  let newEvents: Event[] = [];
  const append = await decideAtomically(
    store,
    { tenantId: options.tenantId, metadata: options.metadata },
    async () => {
      loaded = await loadStream(store, decider, streamId, options.tenantId);
      newEvents = decider.decide(command, loaded.state);
      const own = appendOf(decider, loaded, newEvents);
      return own.length === 0 ? [] : [...own, ...(options.alsoAppend?.(newEvents) ?? [])];
    },
    { maxAttempts: options.maxAttempts ?? 5, retries: (conflict) => conflict.streamId === streamId },
  );
  const state = append ? newEvents.reduce(decider.evolve, loaded.state) : loaded.state;
  const version = append ? loaded.version + newEvents.length : loaded.version;
  await keepSnapshotIfDue(store, decider, loaded, state, version, options.tenantId);
  return { state, version, newEvents, append };
}
