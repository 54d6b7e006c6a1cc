import type { AppendResult } from '../eventstore/types';
import type { Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';

/**
 * Answers a mutation from the read table once the projection has applied the mutation's own
 * events, so the client sees its write and the same state a later query or push shows.
 */
export async function readAfterWrite<View>(
  projector: Projector,
  projection: string,
  append: AppendResult | undefined,
  load: () => Promise<View | undefined>,
  notFound: { what: string; id: string },
): Promise<View> {
  if (append) await projector.waitFor(projection, append.checkpoint);
  const view = await load();
  if (!view) throw new NotFoundError(notFound.what, notFound.id);
  return view;
}
