import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type EventMetadata, type NewEvent, type StreamAppend } from '../eventstore/types';
import { fold, type Decider } from './decider';

export interface HandleOptions {
  tenantId?: string;
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
  options: HandleCommandOptions<Event> = {},
): Promise<HandleResult<State, Event>> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamId, { tenantId: options.tenantId });
    const state = fold(decider, history as unknown as Event[]);
    const version = history.length === 0 ? 0 : history[history.length - 1]!.streamVersion;
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) return { state, version, newEvents, append: undefined };
    try {
      const append = await store.appendToStreams(
        [{ streamId, streamType: decider.streamType, expectedVersion: version, events: newEvents }, ...(options.alsoAppend?.(newEvents) ?? [])],
        { tenantId: options.tenantId, metadata: options.metadata },
      );
      const next = newEvents.reduce(decider.evolve, state);
      return { state: next, version: version + newEvents.length, newEvents, append };
    } catch (error) {
      if (error instanceof ConcurrencyError && error.streamId === streamId && attempt < maxAttempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      throw error;
    }
  }
}
