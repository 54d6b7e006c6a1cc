import type { Decider } from '../commands/decider';
import type { Role } from '../auth/roles';
import { ConflictError } from '../shared/errors';
import { USER_STREAM_TYPE, type UserEvent } from './events';
import { decideCredentials, evolveCredentials, type CredentialCommand } from './password-decider';
import { decideAccountAccess, evolveAccountAccess, type AccountAccessCommand } from './account-access-decider';

export interface UserState {
  userId: string | undefined;
  email: string;
  name: string;
  role: Role | undefined;
  passwordHash: string;
  /** The reset token that works now, hashed (see password-decider). */
  pendingReset: { tokenHash: string; expiresAt: string } | undefined;
  /** Disabled by an ADMIN: cannot sign in or refresh, and its tokens are refused. */
  disabled: boolean;
  /** Bumped by whatever must end the account's tokens at once (see account-access-decider). */
  tokenVersion: number;
}

/** Input is validated and the password hashed before the command is formed: deciders stay pure and fast. */
export type UserCommand = { type: 'RegisterUser'; userId: string; email: string; name: string; role: Role; passwordHash: string } | AccountAccessCommand | CredentialCommand;

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  streamType: USER_STREAM_TYPE,
  initialState: () => ({ userId: undefined, email: '', name: '', role: undefined, passwordHash: '', pendingReset: undefined, disabled: false, tokenVersion: 0 }),
  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return { ...state, ...event.data };
      case 'PasswordChanged':
      case 'PasswordResetRequested':
      case 'PasswordReset':
      case 'EmailChanged':
        return evolveCredentials(state, event);
      default:
        return evolveAccountAccess(state, event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser': {
        if (state.userId) throw new ConflictError(`User ${command.userId} already exists`);
        const { userId, email, name, role, passwordHash } = command;
        return [{ type: 'UserRegistered', data: { userId, email, name, role, passwordHash } }];
      }
      case 'ChangePassword':
      case 'RequestPasswordReset':
      case 'ResetPassword':
      case 'ChangeEmail':
        return decideCredentials(command, state);
      default:
        return decideAccountAccess(command, state);
    }
  },
};
