import type { EventStore } from '../eventstore/event-store';
import { type AppendResult, type EventMetadata, type NewEvent, type StreamAppend } from '../eventstore/types';
import type { Decider } from './decider';
import { DomainError } from '../shared/errors';
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
  /**
   * The stream as this process last left it, which another process may have moved since: decided
   * on first, without a load. A conflict reloads, as for any; and since a refusal or an empty
   * decision on an old state may not hold on the new one, either is checked by deciding again on a
   * fresh load.
   */
  guess?: LoadedStream<State>;
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
    { tenantId: options.tenantId, metadata: options.metadata },
    async () => {
      const guessed = guess;
      loaded = known ?? guess ?? (await load());
      known = guess = undefined;
      newEvents = guessed ? await decideOnGuess(decider, command, guessed, async () => (loaded = await load())) : decider.decide(command, loaded.state);
      const own = appendOf(decider, loaded, newEvents);
      return own.length === 0 ? [] : [...own, ...(options.alsoAppend?.(newEvents) ?? [])];
    },
    { maxAttempts: options.maxAttempts ?? 5, retries: (conflict) => conflict.streamId === streamId },
  );
  const state = append ? newEvents.reduce(decider.evolve, loaded.state) : loaded.state;
  const version = append ? loaded.version + newEvents.length : loaded.version;
  const stream = await keepSnapshotIfDue(store, decider, loaded, state, version, options.tenantId);
  return { state, version, newEvents, append, stream };
}

/**
 * Decides on a guessed state; a refusal or an empty decision there is decided again on the stream
 * as `reload` reads it, since the stream may have moved to where the command does something.
 */
async function decideOnGuess<State, Command, Event extends NewEvent>(
  decider: Pick<Decider<State, Command, Event>, 'decide'>,
  command: Command,
  guessed: LoadedStream<State>,
  reload: () => Promise<LoadedStream<State>>,
): Promise<Event[]> {
  try {
    const events = decider.decide(command, guessed.state);
    if (events.length > 0) return events;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  return decider.decide(command, (await reload()).state);
}
