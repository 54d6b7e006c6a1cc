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
}

export function fold<State, Event extends NewEvent>(decider: Pick<Decider<State, never, Event>, 'initialState' | 'evolve'>, events: readonly (Event | RecordedEvent)[]): State {
  return events.reduce((state, event) => decider.evolve(state, event as Event), decider.initialState());
}
