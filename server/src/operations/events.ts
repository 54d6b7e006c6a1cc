import type { NewEvent } from '../eventstore/types';
import type { PARKED_EVENT_RETRIED } from '../projector/parking';

/** An operator's decision on a parked event, recorded in the log like every other change. */
export const PARKED_EVENT_STREAM_TYPE = 'ParkedEvent';

export interface ParkedEventDecision {
  follower: string;
  /** The parked event's global position. */
  position: number;
  eventType: string;
}

export type ParkedEventRetried = NewEvent<typeof PARKED_EVENT_RETRIED, ParkedEventDecision>;
export type ParkedEventSkipped = NewEvent<'ParkedEventSkipped', ParkedEventDecision>;

/** One stream per parked event: its first decision appends at version 0, so two operators cannot both decide. */
export const parkedEventStreamId = (follower: string, position: number) => `parked-event-${follower}-${position}`;
