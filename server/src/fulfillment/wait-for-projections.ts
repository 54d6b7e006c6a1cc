import type { LogCheckpoint } from '../eventstore/types';
import type { Projector } from '../projector/projector';

/** The read models a fulfillment mutation touches: its answer waits for all of them to show it. */
export const FULFILLMENT_READ_MODELS = ['shipments', 'orders', 'inventory', 'payments'] as const;

/**
 * Waits until every named projection has applied everything up to each checkpoint, so the
 * mutation's answer, and any query the client makes next, show stock and payment as they now are.
 */
export async function waitForProjections(
  projector: Projector,
  checkpoints: readonly (LogCheckpoint | undefined)[],
  names: readonly string[] = FULFILLMENT_READ_MODELS,
): Promise<void> {
  const targets = checkpoints.filter((c): c is LogCheckpoint => c !== undefined);
  await Promise.all(names.map(async (name) => {
    for (const target of targets) await projector.waitFor(name, target);
  }));
}
