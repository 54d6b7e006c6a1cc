import { TransientGatewayError } from './payment-gateway';

export interface RetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  /** Wait before the second call; it doubles before each further one. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100 };

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Repeats a gateway call that failed transiently, with exponential backoff. Only safe because every
 * call carries an idempotency key: a repeat of a request that did arrive changes nothing.
 * After the last attempt the last TransientGatewayError is thrown; other errors are not retried.
 */
export async function retryTransient<T>(call: () => Promise<T>, policy: RetryPolicy, sleep: Sleep = realSleep): Promise<T> {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new Error(`retry attempts must be a positive integer, got ${policy.attempts}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TransientGatewayError) || attempt >= policy.attempts) throw error;
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
