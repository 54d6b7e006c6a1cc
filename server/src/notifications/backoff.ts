export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 5 * 60_000 };

/** Delay before the next try after `failedAttempts` failures: doubling from baseMs, capped at maxMs. */
export function backoffDelay(failedAttempts: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(options.maxMs, options.baseMs * 2 ** Math.min(exponent, 30));
}
