import { GraphQLError } from 'graphql';
import type { LogCheckpoint } from '../eventstore/types';

/**
 * Answers that tell a client what became of its request when the server cannot show the result:
 * the change was recorded (`ACCEPTED`), or the database could not be reached (`SERVICE_UNAVAILABLE`).
 * Neither is a bug, so neither is masked as an internal error.
 */

/** How long a client is asked to wait before retrying while the database cannot be reached. */
export const RETRY_AFTER_SECONDS = 5;

export function unavailableHttp(): { status: number; headers: Map<string, string> } {
  return { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) };
}

/** The answer while the database cannot be reached: HTTP 503 with `Retry-After`, code `SERVICE_UNAVAILABLE`. */
export class ServiceUnavailableError extends GraphQLError {
  constructor(cause?: unknown) {
    super(`The database is unavailable; retry in ${RETRY_AFTER_SECONDS} s`, {
      originalError: cause instanceof Error ? cause : undefined,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS, http: unavailableHttp() },
    });
    this.name = 'ServiceUnavailableError';
  }
}

/**
 * A mutation's events are in the log, but a read model it answers from has not applied them in
 * time (it lags, or the database went away after the append). The change happened: retrying
 * the mutation would make it twice. `position` is the log position of its last event.
 */
export class AcceptedButNotYetVisibleError extends Error {
  /** What the client gets: `code: ACCEPTED`, the `position`, and what changed when known. */
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly recorded: LogCheckpoint,
    readonly subject?: { what: string; id: string },
    options?: { cause?: unknown },
  ) {
    super('The change was recorded; the read model has not caught up yet: query again or subscribe, do not repeat the mutation', options);
    this.name = 'AcceptedButNotYetVisibleError';
    this.extensions = { code: 'ACCEPTED', position: recorded.position, ...(subject && { what: subject.what, id: subject.id }) };
  }
}
