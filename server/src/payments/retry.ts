import { ExponentialBackoff, decorrelatedJitterGenerator, type IBackoff } from 'cockatiel';
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

export interface ConflictBackoff {
  /** Decisions in all, the first included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_CONFLICT_BACKOFF: ConflictBackoff = { attempts: 5, initialDelayMs: 10, maxDelayMs: 250 };

/**
 * The waits between decisions that lost a race for the same stream: exponential with jitter
 * (cockatiel's decorrelated jitter), so writers that collided do not all come back at the same
 * moment and collide again.
 */
export function conflictDelays(policy: ConflictBackoff): () => number {
  const factory = new ExponentialBackoff({ initialDelay: policy.initialDelayMs, maxDelay: policy.maxDelayMs, generator: decorrelatedJitterGenerator });
  let backoff: IBackoff<unknown> | undefined;
  return () => {
    backoff = backoff ? backoff.next(undefined) : factory.next();
    return backoff.duration;
  };
}
