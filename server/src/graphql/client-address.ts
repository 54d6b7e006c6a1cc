import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` test: is the hop at `index` (0 = the socket's peer) trusted? */
export type TrustProxy = (address: string, index: number) => boolean;

/**
 * The client's address as Express computes `req.ip`, for requests Express never sees (WebSocket
 * upgrades): walk X-Forwarded-For from the nearest hop while the hops are trusted proxies.
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy | undefined): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trust) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  const hops = [peer, ...forwarded];
  let index = 0;
  while (index < hops.length - 1 && trust(hops[index]!, index)) index++;
  return hops[index]!;
}
