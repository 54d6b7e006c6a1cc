import type { WebSocket } from 'ws';

/**
 * `ws` reports a client's protocol violations (a message over the size limit, a malformed frame)
 * as socket errors, after closing the socket itself with the matching code (1009 for too big).
 * graphql-ws prints every socket error to the console as an "internal error"; these are the
 * client's, so they go to `report` instead and graphql-ws never sees them.
 */
export function divertClientProtocolErrors(socket: WebSocket, report: (error: Error) => void): void {
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    const [error] = args;
    if (event === 'error' && error instanceof Error && String((error as { code?: unknown }).code ?? '').startsWith('WS_ERR_')) {
      report(error);
      return true;
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}
