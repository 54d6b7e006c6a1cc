/** When failed sign-ins of one account, or from one client address, start to cost a wait, and when they lock. */
export interface ThrottleLimits {
  /** Failures that cost nothing; each one after them blocks further sign-ins for a growing wait (0: no waits). */
  delayAfter: number;
  /** Failures after which sign-ins are locked for `lockSeconds` (0: never locked). */
  lockAfter: number;
}

export interface SignInThrottleSettings {
  account: ThrottleLimits;
  address: ThrottleLimits;
  /** The first wait; it doubles with every further failure, up to maxDelayMs. */
  delayMs: number;
  maxDelayMs: number;
  lockSeconds: number;
  /** A failure older than this is forgotten: the next one counts from 1 again. */
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleSettings = {
  account: { delayAfter: 3, lockAfter: 10 },
  // One address may be an office or a carrier's NAT: far more room than for one account.
  address: { delayAfter: 20, lockAfter: 100 },
  delayMs: 1000,
  maxDelayMs: 60_000,
  lockSeconds: 15 * 60,
  windowSeconds: 15 * 60,
};

export type Block = { kind: 'delayed' | 'locked'; ms: number } | undefined;

/** How long sign-ins stay blocked after the `failures`-th failure in a row. */
export function blockAfter(failures: number, limits: ThrottleLimits, settings: SignInThrottleSettings): Block {
  if (limits.lockAfter > 0 && failures >= limits.lockAfter) return { kind: 'locked', ms: settings.lockSeconds * 1000 };
  if (limits.delayAfter > 0 && failures > limits.delayAfter) {
    const doublings = Math.min(failures - limits.delayAfter - 1, 30);
    return { kind: 'delayed', ms: Math.min(settings.maxDelayMs, settings.delayMs * 2 ** doublings) };
  }
  return undefined;
}
