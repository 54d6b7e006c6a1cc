export const DEFAULT_TENANT = 'demo';

/** Who caused an event and why: carried with every event for the audit trail. */
export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** This event's own metadata, over the append's (events of several commands appended together keep their own). */
  metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  position: number;
  /** The writing transaction's id (xid8, as text): with position it gives commit order. */
  transactionId: string;
  tenantId: string;
  streamId: string;
  streamType: string;
  streamVersion: number;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** A point in the log in commit order; readers resume strictly after it. */
export interface LogCheckpoint {
  transactionId: string;
  position: number;
}

export const LOG_START: LogCheckpoint = { transactionId: '0', position: 0 };

export interface StreamAppend {
  streamId: string;
  streamType: string;
  /** The stream version the caller decided on; 0 means the stream must not exist yet. */
  expectedVersion: number;
  events: NewEvent[];
}

/** A stream and the version a decision read it at. */
export interface StreamVersion {
  streamId: string;
  version: number;
}

export interface AppendResult {
  /** Version of each appended stream after the append, by stream id. */
  versions: Record<string, number>;
  /** The checkpoint of the last appended event, for waiting on projections. */
  checkpoint: LogCheckpoint;
  events: RecordedEvent[];
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`Stream ${streamId} is no longer at version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}
