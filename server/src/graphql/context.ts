import { randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { DEFAULT_TENANT, type EventMetadata } from '../eventstore/types';

/** What every resolver knows about the caller: the shop it acts in and, when signed in, who it is. */
export interface RequestContext {
  requestId: string;
  /** The shop (tenant) every read and write of this request is confined to. */
  tenantId: string;
  /** Recorded on events: `user:<id>` or `anonymous`. */
  actor: string;
  /** The signed-in account, from a verified token; absent for anonymous callers. */
  principal?: Principal;
}

/** Who is calling, as established from the request's credentials. */
export interface Caller {
  tenantId: string;
  principal?: Principal;
}

/** `requestId`: the correlation id the caller sent, if any; a new one otherwise. */
export function createRequestContext(caller: Caller = { tenantId: DEFAULT_TENANT }, requestId: string = randomUUID()): RequestContext {
  return {
    requestId,
    tenantId: caller.tenantId,
    actor: caller.principal ? `user:${caller.principal.userId}` : 'anonymous',
    principal: caller.principal,
  };
}

/** Metadata recorded with the events a request causes. */
export function eventMetadata(context: RequestContext, extra: EventMetadata = {}): EventMetadata {
  return { correlationId: context.requestId, actor: context.actor, ...extra };
}

/** The command context of a request: its shop and the metadata its events carry. */
export function commandContext(context: RequestContext) {
  return { tenantId: context.tenantId, metadata: eventMetadata(context) };
}
