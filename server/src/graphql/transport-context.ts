import { createRequestContext, type Caller, type RequestContext } from './context';

/** The request context plus what only the transport knows; limits use it, resolvers need not. */
export interface TransportContext extends RequestContext {
  remoteAddress: string;
}

export function createTransportContext(remoteAddress: string, caller?: Caller, correlationId?: string): TransportContext {
  return { ...createRequestContext(caller, correlationId), remoteAddress };
}
