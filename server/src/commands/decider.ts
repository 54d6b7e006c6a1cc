import type { NewEvent, RecordedEvent } from '../eventstore/types';

/**
 * A pure decision model for one kind of stream: `decide` turns a command and the current state
 * into new events (or throws a DomainError), `evolve` folds one event into the state.
 */
export interface Decider<State, Command, Event extends NewEvent> {
  streamType: string;
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
  /**
   * Opt-in for long streams: commands load the latest snapshot of the state and fold only the
   * events after it (see ./snapshots). The state must survive JSON (no Dates, Maps, undefined
   * that matters), and should stay small: a snapshot of a state that grows forever only moves
   * the cost from the events to the snapshot.
   */
  snapshot?: SnapshotPolicy<State>;
}

export interface SnapshotPolicy<State = unknown> {
  /**
   * A new snapshot is kept once this many events were appended after the one loaded: a load folds
   * fewer than that (plus what other writers appended). For a state whose size varies, a function
   * of the state after the command: a larger state costs more to write, so it can be kept less often.
   */
  every: number | ((state: State) => number);
  /**
   * Names the state's shape and meaning. Change it whenever the state type or `evolve` changes:
   * snapshots kept under another name are then ignored (and replaced), never folded on.
   */
  version: string;
}

export function fold<State, Event extends NewEvent>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: readonly (Event | RecordedEvent)[]): State {
  return events.reduce((state, event) => decider.evolve(state, event as Event), decider.initialState());
}

/** How many events may lie between `state`'s snapshot and the next one, under `policy`. */
export function snapshotInterval<State>(policy: SnapshotPolicy<State>, state: State): number {
  return typeof policy.every === 'function' ? policy.every(state) : policy.every;
}
