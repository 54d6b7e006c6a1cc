import { Role } from '../auth/roles';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import type { AccountAccessEvent } from './account-access-events';

/** What the user decider keeps about access: whether the account is disabled, and its token version. */
export interface AccountAccessState {
  userId: string | undefined;
  role: Role | undefined;
  disabled: boolean;
  /** Tokens issued under an older version are refused; 0 until something revoked them. */
  tokenVersion: number;
}

export type AccountAccessCommand =
  | { type: 'DisableAccount'; userId: string }
  | { type: 'EnableAccount'; userId: string }
  | { type: 'ChangeAccountRole'; userId: string; role: Role }
  | { type: 'SignOutEverywhere'; userId: string };

export const accountAccessCommandTypes: readonly AccountAccessCommand['type'][] = ['DisableAccount', 'EnableAccount', 'ChangeAccountRole', 'SignOutEverywhere'];

const isStaff = (role: Role | undefined) => role === Role.STAFF || role === Role.ADMIN;

export function evolveAccountAccess<S extends AccountAccessState>(state: S, event: AccountAccessEvent): S {
  switch (event.type) {
    case 'AccountDisabled':
      return { ...state, disabled: true, tokenVersion: event.data.tokenVersion };
    case 'AccountEnabled':
      return { ...state, disabled: false, tokenVersion: event.data.tokenVersion };
    case 'AccountRoleChanged':
      return { ...state, role: event.data.role, tokenVersion: event.data.tokenVersion };
    case 'AccountSignedOutEverywhere':
      return { ...state, tokenVersion: event.data.tokenVersion };
  }
}

/**
 * Disabling, enabling and role changes are for staff accounts (customers are not managed by the
 * shop). Asking for what already holds records nothing. Everything that must end the tokens now
 * moves the version on; enabling keeps it, so tokens from before the disable stay dead.
 */
export function decideAccountAccess(command: AccountAccessCommand, state: AccountAccessState): AccountAccessEvent[] {
  if (!state.userId) throw new NotFoundError('User', command.userId);
  const { userId } = command;
  const next = state.tokenVersion + 1;
  switch (command.type) {
    case 'DisableAccount':
      requireStaff(state);
      return state.disabled ? [] : [{ type: 'AccountDisabled', data: { userId, tokenVersion: next } }];
    case 'EnableAccount':
      requireStaff(state);
      return state.disabled ? [{ type: 'AccountEnabled', data: { userId, tokenVersion: state.tokenVersion } }] : [];
    case 'ChangeAccountRole':
      requireStaff(state);
      if (!isStaff(command.role)) throw new BadUserInputError('A staff account is STAFF or ADMIN', { field: 'role' });
      if (command.role === state.role) return [];
      return [{ type: 'AccountRoleChanged', data: { userId, role: command.role, previousRole: state.role!, tokenVersion: next } }];
    case 'SignOutEverywhere':
      return [{ type: 'AccountSignedOutEverywhere', data: { userId, tokenVersion: next } }];
  }
}

function requireStaff(state: AccountAccessState) {
  if (!isStaff(state.role)) throw new BadUserInputError('Only STAFF and ADMIN accounts are managed here; customers manage their own', { field: 'userId' });
}
