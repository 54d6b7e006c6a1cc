import type { WebSocket } from 'ws';

/**
 * Drops a socket whose client does not read what it is sent. graphql-ws waits for each message's
 * write before the next of the same operation, but every operation (up to the per-connection
 * limit) may hold a message, and an answer may be large: once the kernel's buffers are full, all
 * of it waits in this process's memory until the keep-alive gives up, tens of seconds later. Past
 * `maxBufferedBytes` the socket is destroyed at once: no close frame, since it could not be read.
 */
export function dropSlowConsumer(socket: WebSocket, maxBufferedBytes: number, report: (bufferedBytes: number) => void): void {
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    const callback = rest.at(-1);
    if (typeof callback === 'function') {
      // A write cut short by the drop is not an error of the operation: graphql-ws itself sends
      // nothing, and reports nothing, to a socket that is no longer open.
      rest[rest.length - 1] = (error?: Error) => callback(socket.readyState === socket.OPEN ? error : undefined);
    }
    send(data, ...rest);
    if (socket.readyState === socket.OPEN && socket.bufferedAmount > maxBufferedBytes) {
      report(socket.bufferedAmount);
      socket.terminate();
    }
  }) as WebSocket['send'];
}
