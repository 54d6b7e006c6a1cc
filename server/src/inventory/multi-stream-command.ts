import type { CommandContext } from '../commands/command-context';
import { fold, type Decider } from '../commands/decider';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type NewEvent } from '../eventstore/types';

export interface MultiStreamResult<State, Event> {
  /** Each stream's state after the decided events. */
  states: Map<string, State>;
  newEvents: Map<string, Event[]>;
  append: AppendResult | undefined;
}

export interface MultiStreamOptions {
  /**
   * Many writers on one hot stream (a popular SKU in a sale) each lose some rounds before they
   * either win or see the stock gone, so the budget is far larger than for ordinary streams.
   */
  maxAttempts?: number;
}

/**
 * `handleCommand` for a decision spanning several streams of one kind: loads them all, decides on
 * all their states together, and appends every decided event in ONE transaction, each stream at
 * the version it was loaded at. Any stream having moved meanwhile repeats the whole round, so the
 * decision is always taken on the latest states and either all of it is recorded or none.
 */
export async function handleMultiStreamCommand<State, Event extends NewEvent>(
  store: EventStore,
  decider: Pick<Decider<State, never, Event>, 'streamType' | 'initialState' | 'evolve'>,
  streamIds: readonly string[],
  decide: (states: ReadonlyMap<string, State>) => Map<string, Event[]> | Promise<Map<string, Event[]>>,
  context: CommandContext,
  options: MultiStreamOptions = {},
): Promise<MultiStreamResult<State, Event>> {
  const maxAttempts = options.maxAttempts ?? 100;
  for (let attempt = 1; ; attempt++) {
    const loaded = await Promise.all(
      streamIds.map(async (streamId) => {
        const history = await store.readStream(streamId, { tenantId: context.tenantId });
        const version = history.length === 0 ? 0 : history[history.length - 1]!.streamVersion;
        return { streamId, version, state: fold(decider, history as unknown as Event[]) };
      }),
    );
    const states = new Map(loaded.map((s) => [s.streamId, s.state]));
    const newEvents = await decide(states);
    const appends = loaded
      .filter((s) => (newEvents.get(s.streamId)?.length ?? 0) > 0)
      .map((s) => ({ streamId: s.streamId, streamType: decider.streamType, expectedVersion: s.version, events: newEvents.get(s.streamId)! }));
    if (appends.length === 0) return { states, newEvents, append: undefined };
    try {
      const append = await store.appendToStreams(appends, { tenantId: context.tenantId, metadata: context.metadata });
      const next = new Map([...states].map(([streamId, state]) => [streamId, (newEvents.get(streamId) ?? []).reduce(decider.evolve, state)]));
      return { states: next, newEvents, append };
    } catch (error) {
      if (error instanceof ConcurrencyError && streamIds.includes(error.streamId) && attempt < maxAttempts) {
        // Jittered and growing, so a crowd of writers on one stream spreads out instead of colliding in lockstep.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
        continue;
      }
      throw error;
    }
  }
}
