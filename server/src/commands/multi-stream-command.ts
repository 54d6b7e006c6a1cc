import type { CommandContext } from './command-context';
import type { Decider } from './decider';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult, NewEvent } from '../eventstore/types';
import { appendOf, CROWDED_STREAM_RETRIES, decideAtomically, keepSnapshotIfDue, loadStream, type LoadedStream } from './streams';

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
  decider: Pick<Decider<State, never, Event>, 'streamType' | 'initialState' | 'evolve' | 'snapshot'>,
  streamIds: readonly string[],
  decide: (states: ReadonlyMap<string, State>) => Map<string, Event[]> | Promise<Map<string, Event[]>>,
  context: CommandContext,
  options: MultiStreamOptions = {},
): Promise<MultiStreamResult<State, Event>> {
  let states = new Map<string, State>();
  let newEvents = new Map<string, Event[]>();
  let loaded: LoadedStream<State>[] = [];
  const append = await decideAtomically(
    store,
    context,
    async () => {
      loaded = await Promise.all(streamIds.map((streamId) => loadStream(store, decider, streamId, context.tenantId)));
      states = new Map(loaded.map((s) => [s.streamId, s.state]));
      newEvents = await decide(states);
      return loaded.flatMap((s) => appendOf(decider, s, newEvents.get(s.streamId) ?? []));
    },
    { ...CROWDED_STREAM_RETRIES, maxAttempts: options.maxAttempts ?? CROWDED_STREAM_RETRIES.maxAttempts, retries: (conflict) => streamIds.includes(conflict.streamId) },
  );
  const decided = (streamId: string) => (append ? (newEvents.get(streamId) ?? []) : []);
  const next = new Map(loaded.map((s) => [s.streamId, decided(s.streamId).reduce(decider.evolve, s.state)]));
  await Promise.all(loaded.map((s) => keepSnapshotIfDue(store, decider, s, next.get(s.streamId)!, s.version + decided(s.streamId).length, context.tenantId)));
  return { states: next, newEvents, append };
}
