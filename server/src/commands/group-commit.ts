import type { EventStore } from '../eventstore/event-store';
import type { AppendResult, EventMetadata, NewEvent } from '../eventstore/types';
import type { KeyedLock } from '../shared/keyed-lock';
import type { CommandContext } from './command-context';
import type { Decider } from './decider';
import type { KnownStreams } from './known-streams';
import { appendOf, CROWDED_STREAM_RETRIES, decideAtomically, decideOnGuess, keepSnapshotIfDue, loadStream, type LoadedStream } from './streams';

export interface GroupedResult<State, Event> {
  /** The stream's state right after this command's events (those of later commands in the group not included). */
  state: State;
  newEvents: Event[];
  /** The group's append (undefined when the whole group decided nothing). */
  append: AppendResult | undefined;
}

interface Queued<State, Event> {
  decide: (state: State) => Event[] | Promise<Event[]>;
  metadata: EventMetadata;
  settle: (outcome: { ok: true; result: GroupedResult<State, Event> } | { ok: false; error: unknown }) => void;
}

type Decided<State, Event> = { ok: true; state: State; events: Event[] } | { ok: false; error: unknown };

/**
 * Group commit for hot streams (a SKU in a flash sale): the commands on one stream that queue up
 * while a group is being written form the next group. It is decided on one load, command by
 * command in arrival order (each on the state the ones before it left), and appended at once, each
 * event with its own command's metadata. A command the decider refuses fails alone; a stream that
 * another process moved meanwhile makes the whole group decide again. So a crowd of writers costs
 * one load and one append per group instead of one (and retries) per writer.
 */
export class StreamGroupCommit<State, Event extends NewEvent> {
  private readonly queues = new Map<string, Queued<State, Event>[]>();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Pick<Decider<State, never, Event>, 'streamType' | 'initialState' | 'evolve' | 'snapshot'>,
    /** Held around each group, so other writers of this process on the stream take turns with it. */
    private readonly locks: KeyedLock,
    private readonly lockKey: (tenantId: string, streamId: string) => string,
    /** The streams as this process last left them: a group decides on its stream's without a load. */
    private readonly known?: KnownStreams<State>,
  ) {}

  run(streamId: string, decide: (state: State) => Event[] | Promise<Event[]>, context: CommandContext): Promise<GroupedResult<State, Event>> {
    const key = this.lockKey(context.tenantId, streamId);
    return new Promise((resolve, reject) => {
      const queued: Queued<State, Event> = {
        decide,
        metadata: context.metadata,
        settle: (outcome) => (outcome.ok ? resolve(outcome.result) : reject(outcome.error)),
      };
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(queued);
        return;
      }
      this.queues.set(key, [queued]);
      void this.drain(key, streamId, context.tenantId);
    });
  }

  /** Writes groups until nobody waits on the stream any more. */
  private async drain(key: string, streamId: string, tenantId: string): Promise<void> {
    for (;;) {
      const group = this.queues.get(key)!;
      await this.locks.run([key], async () => {
        // Whatever queued while the lock was awaited joins this group.
        const taken = group.splice(0);
        await this.commit(taken, streamId, tenantId);
      });
      if (group.length === 0) {
        this.queues.delete(key);
        return;
      }
    }
  }

  private async commit(group: Queued<State, Event>[], streamId: string, tenantId: string): Promise<void> {
    let loaded!: LoadedStream<State>;
    let decided: Decided<State, Event>[] = [];
    let guess = this.known?.get(tenantId, streamId);
    const load = () => loadStream(this.store, this.decider, streamId, tenantId);
    const decideAll = async (state: State) => {
      const all: Decided<State, Event>[] = [];
      for (const command of group) {
        try {
          const events = await command.decide(state);
          state = events.reduce(this.decider.evolve, state);
          all.push({ ok: true, state, events });
        } catch (error) {
          all.push({ ok: false, error });
        }
      }
      return all;
    };
    try {
      const append = await decideAtomically(
        this.store,
        { tenantId },
        async () => {
          const guessed = guess;
          guess = undefined;
          const first = guessed ?? (await load());
          decided = await decideOnGuess(first, guessed !== undefined, load, (stream) => decideAll((loaded = stream).state), (all) => all.every((d) => d.ok && d.events.length > 0));
          const events = decided.flatMap((d, i) => (d.ok ? d.events.map((event) => ({ ...event, metadata: group[i]!.metadata })) : []));
          return appendOf(this.decider, loaded, events);
        },
        { ...CROWDED_STREAM_RETRIES, retries: (conflict) => conflict.streamId === streamId },
      );
      const appended = append ? decided.reduce((n, d) => n + (d.ok ? d.events.length : 0), 0) : 0;
      const last = [...decided].reverse().find((d) => d.ok);
      const after = await keepSnapshotIfDue(this.store, this.decider, loaded, appended > 0 && last?.ok ? last.state : loaded.state, loaded.version + appended, tenantId);
      this.known?.remember(tenantId, after);
      group.forEach((command, i) => {
        const outcome = decided[i]!;
        command.settle(outcome.ok ? { ok: true, result: { state: outcome.state, newEvents: outcome.events, append } } : { ok: false, error: outcome.error });
      });
    } catch (error) {
      this.known?.forget(tenantId, streamId);
      for (const command of group) command.settle({ ok: false, error });
    }
  }
}
