import type { AppendResult, LogCheckpoint } from '../eventstore/types';
import { ProjectionTimeoutError, type Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';
import { AcceptedButNotYetVisibleError } from './outcome-errors';
import { isDatabaseUnavailable } from './unavailable';

/** What a mutation changed, for its answer: e.g. `{ what: 'Order', id }`. */
export interface Subject {
  what: string;
  id: string;
}

/**
 * Waits until each named read model has applied a recorded change (read-your-writes). The change
 * is in the log already, so a read model that lags past the wait (`Projector.readAfterWriteTimeoutMs`),
 * or a database lost after the append, ends the wait with ACCEPTED and the change's position:
 * never with an error that would make the client repeat a change that happened.
 */
export async function awaitRecorded(projector: Projector, projections: string | readonly string[], recorded: LogCheckpoint | undefined, subject?: Subject): Promise<void> {
  if (!recorded) return;
  const names = typeof projections === 'string' ? [projections] : projections;
  try {
    await Promise.all(names.map((name) => projector.waitFor(name, recorded, projector.readAfterWriteTimeoutMs)));
  } catch (error) {
    if (error instanceof ProjectionTimeoutError || isDatabaseUnavailable(error)) throw new AcceptedButNotYetVisibleError(recorded, subject, { cause: error });
    throw error;
  }
}

/**
 * Answers a mutation from the read table once the projection has applied the mutation's own
 * events, so the client sees its write and the same state a later query or push shows.
 */
export async function readAfterWrite<View>(
  projector: Projector,
  projection: string | readonly string[],
  append: AppendResult | undefined,
  load: () => Promise<View | undefined>,
  subject: Subject,
): Promise<View> {
  await awaitRecorded(projector, projection, append?.checkpoint, subject);
  let view: View | undefined;
  try {
    view = await load();
  } catch (error) {
    if (append && isDatabaseUnavailable(error)) throw new AcceptedButNotYetVisibleError(append.checkpoint, subject, { cause: error });
    throw error;
  }
  if (!view) throw new NotFoundError(subject.what, subject.id);
  return view;
}
