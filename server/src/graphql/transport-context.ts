import { createRequestContext, type Caller, type RequestContext } from './context';

/** The request context plus what only the transport knows; limits use it, resolvers need not. */
export interface TransportContext extends RequestContext {
  remoteAddress: string;
  /** Over graphql-ws, the operation's `extensions.idempotencyKey` (HTTP sends a header instead). */
  idempotencyKey?: unknown;
}

export function createTransportContext(remoteAddress: string, caller?: Caller, correlationId?: string): TransportContext {
  return { ...createRequestContext(caller, correlationId), remoteAddress };
}
