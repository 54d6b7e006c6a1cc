import type { CommandContext } from '../commands/command-context';
import { fold, type Decider } from '../commands/decider';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type LogCheckpoint, type NewEvent, type StreamAppend } from '../eventstore/types';

export interface LoadedStream<State> {
  streamId: string;
  state: State;
  version: number;
}

export async function loadStream<State, Event extends NewEvent>(
  store: EventStore,
  decider: Decider<State, never, Event>,
  streamId: string,
  tenantId: string,
): Promise<LoadedStream<State>> {
  const history = await store.readStream(streamId, { tenantId });
  return { streamId, state: fold(decider, history as unknown as Event[]), version: history.at(-1)?.streamVersion ?? 0 };
}

/** The append of decided events at the version the stream was loaded at (nothing when nothing was decided). */
export function appendOf<State>(decider: { streamType: string }, loaded: LoadedStream<State>, events: NewEvent[]): StreamAppend[] {
  return events.length === 0 ? [] : [{ streamId: loaded.streamId, streamType: decider.streamType, expectedVersion: loaded.version, events }];
}

/**
 * Loads, decides and appends across the streams of several contexts in ONE transaction; a stream
 * that moved meanwhile repeats the whole round, so every decision is taken on the latest states.
 */
export async function decideAtomically(
  store: EventStore,
  context: CommandContext,
  plan: () => Promise<StreamAppend[]>,
  maxAttempts = 10,
): Promise<AppendResult | undefined> {
  for (let attempt = 1; ; attempt++) {
    const appends = await plan();
    if (appends.length === 0) return undefined;
    try {
      return await store.appendToStreams(appends, { tenantId: context.tenantId, metadata: context.metadata });
    } catch (error) {
      if (error instanceof ConcurrencyError && attempt < maxAttempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/**
 * Where a stream's newest event sits in the log: waiting for a projection to reach it shows that
 * stream's latest state, whoever wrote it (this request or a process that got there first).
 */
export async function headOf(store: EventStore, streamId: string, tenantId: string): Promise<LogCheckpoint | undefined> {
  const last = (await store.readStream(streamId, { tenantId })).at(-1);
  return last && { transactionId: last.transactionId, position: last.position };
}
