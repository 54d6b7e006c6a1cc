/** The close code a socket gets when its token expires: sign in again and reconnect. */
export const WS_CLOSE_TOKEN_EXPIRED = 4401;

/** Node's timers overflow past 2^31 - 1 ms (about 24.8 days) and would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Closes `socket` with 4401 when `expiresAt` (epoch ms) passes; answers a function that cancels it.
 * Waits longer than a timer can in steps, so a long token lifetime does not close the socket at once.
 */
export function closeAtExpiry(socket: { close(code: number, reason: string): void }, expiresAt: number, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout;
  const schedule = () => {
    const remaining = expiresAt - now();
    if (remaining <= 0) return socket.close(WS_CLOSE_TOKEN_EXPIRED, 'Token expired');
    timer = setTimeout(schedule, Math.min(remaining, MAX_TIMER_MS));
  };
  schedule();
  return () => clearTimeout(timer);
}
