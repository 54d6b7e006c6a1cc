import type { LogCheckpoint } from '../eventstore/types';
import { reached } from '../projector/checkpoints';
import type { Projector } from '../projector/projector';
import { awaitRecorded } from '../graphql/read-after-write';

/** The read models a fulfillment mutation touches: its answer waits for all of them to show it. */
export const FULFILLMENT_READ_MODELS = ['shipments', 'orders', 'inventory', 'payments'] as const;

/**
 * Waits until every named projection has applied everything up to each checkpoint, so the
 * mutation's answer, and any query the client makes next, show stock and payment as they now are.
 * Projections follow the log in order, so reaching the latest checkpoint means reaching them all.
 * A read model that lags past the wait answers ACCEPTED (see `awaitRecorded`).
 */
export async function waitForProjections(
  projector: Projector,
  checkpoints: readonly (LogCheckpoint | undefined)[],
  names: readonly string[] = FULFILLMENT_READ_MODELS,
): Promise<void> {
  const latest = checkpoints.reduce<LogCheckpoint | undefined>((max, c) => (c && !reached(max, c) ? c : max), undefined);
  await awaitRecorded(projector, names, latest);
}
