import { expect } from 'vitest';
import { fold, type Decider } from '../../server/src/commands/decider';
import type { NewEvent } from '../../server/src/eventstore/types';
import type { DomainError, DomainErrorCode } from '../../server/src/shared/errors';

type ErrorClass = new (...args: never[]) => DomainError;

/**
 * Given-events / when-command / then-events scenarios for a pure decider:
 * `given([...events]).when(command).then([...expected])`, or start from a state built by hand
 * with `givenState(state)` when no event of this context can reach it yet.
 */
export function scenariosFor<State, Command, Event extends NewEvent>(decider: Decider<State, Command, Event>) {
  const from = (state: State) => ({
    when(command: Command) {
      const decide = () => decider.decide(command, state);
      return {
        then(expected: Event[]) {
          expect(decide()).toEqual(expected);
        },
        thenNothing() {
          expect(decide()).toEqual([]);
        },
        thenRejects(errorClass: ErrorClass, code: DomainErrorCode): DomainError {
          let caught: unknown;
          let events: Event[] | undefined;
          try {
            events = decide();
          } catch (error) {
            caught = error;
          }
          if (caught === undefined) expect.fail(`expected ${errorClass.name} (${code}), got events ${JSON.stringify(events)}`);
          expect(caught).toBeInstanceOf(errorClass);
          expect((caught as DomainError).code).toBe(code);
          return caught as DomainError;
        },
      };
    },
  });
  return {
    given: (events: Event[]) => from(fold(decider, events)),
    givenState: (state: State) => from(state),
  };
}
