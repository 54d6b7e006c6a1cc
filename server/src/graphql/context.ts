import { randomUUID } from 'node:crypto';
import { DEFAULT_TENANT, type EventMetadata } from '../eventstore/types';

/** What every resolver knows about the caller. Accounts and shops refine this later. */
export interface RequestContext {
  requestId: string;
  tenantId: string;
  actor: string;
}

export function createRequestContext(): RequestContext {
  return { requestId: randomUUID(), tenantId: DEFAULT_TENANT, actor: 'anonymous' };
}

/** Metadata recorded with the events a request causes. */
export function eventMetadata(context: RequestContext, extra: EventMetadata = {}): EventMetadata {
  return { correlationId: context.requestId, actor: context.actor, ...extra };
}

/** The command context of a request: its shop and the metadata its events carry. */
export function commandContext(context: RequestContext) {
  return { tenantId: context.tenantId, metadata: eventMetadata(context) };
}
