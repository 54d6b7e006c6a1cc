import type { CommandContext } from './command-context';
import type { Decider } from './decider';
import type { KnownStreams } from './known-streams';
import { DomainError } from '../shared/errors';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult, NewEvent } from '../eventstore/types';
import { appendOf, CROWDED_STREAM_RETRIES, decideAtomically, decideOnGuess, keepSnapshotIfDue, loadStream, type LoadedStream } from './streams';

export interface MultiStreamResult<State, Event> {
  /** Each stream's state after the decided events. */
  states: Map<string, State>;
  newEvents: Map<string, Event[]>;
  append: AppendResult | undefined;
}

export interface MultiStreamOptions<State> {
  /**
   * Many writers on one hot stream (a popular SKU in a sale) each lose some rounds before they
   * either win or see the stock gone, so the budget is far larger than for ordinary streams.
   */
  maxAttempts?: number;
  /**
   * The streams as this process last left them: the first round decides on those it has without
   * loading them; a refusal (a `DomainError`), or nothing decided for a guessed stream, is decided
   * again on fresh loads. Kept up to date with what the command leaves.
   */
  known?: KnownStreams<State>;
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
  options: MultiStreamOptions<State> = {},
): Promise<MultiStreamResult<State, Event>> {
  const { known } = options;
  let newEvents = new Map<string, Event[]>();
  let loaded: LoadedStream<State>[] = [];
  let guesses = streamIds.map((streamId) => known?.get(context.tenantId, streamId));
  const load = (streamId: string) => loadStream(store, decider, streamId, context.tenantId);
  const decideOn = (streams: LoadedStream<State>[]) => decide(new Map((loaded = streams).map((s) => [s.streamId, s.state])));
  try {
    const append = await decideAtomically(
      store,
      context,
      async () => {
        const guessed = guesses;
        guesses = [];
        const first = await Promise.all(streamIds.map((streamId, i) => guessed[i] ?? load(streamId)));
        // Every guessed stream must get events of its own: one that gets none is not checked by the append.
        const acts = (events: Map<string, Event[]>) => guessed.every((g, i) => !g || (events.get(streamIds[i]!) ?? []).length > 0);
        newEvents = await decideOnGuess(first, guessed.some(Boolean), () => Promise.all(streamIds.map(load)), decideOn, acts);
        return loaded.flatMap((s) => appendOf(decider, s, newEvents.get(s.streamId) ?? []));
      },
      { ...CROWDED_STREAM_RETRIES, maxAttempts: options.maxAttempts ?? CROWDED_STREAM_RETRIES.maxAttempts, retries: (conflict) => streamIds.includes(conflict.streamId) },
    );
    const decided = (streamId: string) => (append ? (newEvents.get(streamId) ?? []) : []);
    const next = new Map(loaded.map((s) => [s.streamId, decided(s.streamId).reduce(decider.evolve, s.state)]));
    const after = await Promise.all(loaded.map((s) => keepSnapshotIfDue(store, decider, s, next.get(s.streamId)!, s.version + decided(s.streamId).length, context.tenantId)));
    for (const stream of after) known?.remember(context.tenantId, stream);
    return { states: next, newEvents, append };
  } catch (error) {
    // A refusal comes from a decision on loads (one on guesses is taken again): they stay good.
    if (error instanceof DomainError) for (const stream of loaded) known?.remember(context.tenantId, stream);
    else for (const streamId of streamIds) known?.forget(context.tenantId, streamId);
    throw error;
  }
}
