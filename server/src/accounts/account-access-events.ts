import type { Role } from '../auth/roles';

/**
 * Changes to whether and how an account may act, on the user's stream. Each one that must end the
 * account's tokens at once carries the account's new token version: every token names the version
 * it was issued under, and a request with an older one is refused.
 */
export type AccountAccessEvent =
  | { type: 'AccountDisabled'; data: { userId: string; tokenVersion: number } }
  | { type: 'AccountEnabled'; data: { userId: string; tokenVersion: number } }
  | { type: 'AccountRoleChanged'; data: { userId: string; role: Role; previousRole: Role; tokenVersion: number } }
  | { type: 'AccountSignedOutEverywhere'; data: { userId: string; tokenVersion: number } };

export const accountAccessEventTypes: readonly AccountAccessEvent['type'][] = ['AccountDisabled', 'AccountEnabled', 'AccountRoleChanged', 'AccountSignedOutEverywhere'];

/** The read-model change announced when an account's token version or status changes; `id` is the user id. */
export const ACCOUNT_ACCESS_TOPIC = 'ACCOUNT_ACCESS';
