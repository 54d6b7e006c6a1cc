import type { RecordedEvent } from '../eventstore/types';

/** What the runner knows of an event's delivery. */
export interface Delivery {
  /**
   * No run can have handled the event before: it was committed after this runner took over the
   * manager (or its bucket), and this is its first attempt here. A handler may then skip reading
   * what it would otherwise check for an earlier run's work. False when in doubt.
   */
  first: boolean;
}

/**
 * Reacts to events by issuing further commands. Delivery is at least once (a crash before the
 * checkpoint moves hands the same event over again), so `handle` must be idempotent: record
 * progress as events with expected versions and give every side effect a deterministic key.
 */
export interface ProcessManager {
  name: string;
  eventTypes: readonly string[];
  /**
   * The types among `eventTypes` whose commit sets the manager going at once (default: all of
   * them). Events of the other types wait for the next such wake-up or the poll: for events the
   * manager follows only as a backstop, such as its own, which would otherwise cost a read of the
   * log each time it appends one.
   */
  wakeTypes?: readonly string[];
  handle(event: RecordedEvent, delivery?: Delivery): Promise<void>;
  /**
   * Events of one partition (e.g. one checkout) are handled one at a time in log order; events of
   * different partitions may be handled concurrently. Without it, every event waits for the last.
   */
  partitionOf?(event: RecordedEvent): string;
}
