import { BadUserInputError, NotFoundError } from '../shared/errors';
import type { CredentialEvent } from './password-events';

/** What the user decider keeps about credentials. */
export interface CredentialState {
  userId: string | undefined;
  email: string;
  passwordHash: string;
  /** The one reset token that works now (the latest asked for), until used, replaced or the password changes. */
  pendingReset: { tokenHash: string; expiresAt: string } | undefined;
}

/** Passwords are checked and hashed, and tokens drawn, before these are formed: the decider stays pure. */
export type CredentialCommand =
  | { type: 'ChangePassword'; userId: string; passwordHash: string }
  | { type: 'RequestPasswordReset'; userId: string; tokenHash: string; expiresAt: Date }
  | { type: 'ResetPassword'; userId: string; tokenHash: string; passwordHash: string; now: Date }
  | { type: 'ChangeEmail'; userId: string; email: string };

export const credentialCommandTypes: readonly CredentialCommand['type'][] = ['ChangePassword', 'RequestPasswordReset', 'ResetPassword', 'ChangeEmail'];

export const invalidResetToken = () => new BadUserInputError('The reset token is not valid: it may have expired or been used already; ask for a new one', { field: 'token' });

export function evolveCredentials<S extends CredentialState>(state: S, event: CredentialEvent): S {
  switch (event.type) {
    case 'PasswordChanged':
      return { ...state, passwordHash: event.data.passwordHash, pendingReset: undefined };
    case 'PasswordResetRequested':
      return { ...state, pendingReset: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } };
    case 'PasswordReset':
      return { ...state, passwordHash: event.data.passwordHash, pendingReset: undefined };
    case 'EmailChanged':
      return { ...state, email: event.data.email };
  }
}

export function decideCredentials(command: CredentialCommand, state: CredentialState): CredentialEvent[] {
  const { userId } = command;
  switch (command.type) {
    case 'ChangePassword':
      if (!state.userId) throw new NotFoundError('User', userId);
      return [{ type: 'PasswordChanged', data: { userId, passwordHash: command.passwordHash } }];
    case 'RequestPasswordReset':
      if (!state.userId) throw new NotFoundError('User', userId);
      return [{ type: 'PasswordResetRequested', data: { userId, tokenHash: command.tokenHash, expiresAt: command.expiresAt.toISOString() } }];
    case 'ResetPassword': {
      const pending = state.pendingReset;
      // An unknown account answers as a wrong token does: the token alone must not tell which accounts exist.
      if (!state.userId || !pending || pending.tokenHash !== command.tokenHash || new Date(pending.expiresAt) <= command.now) throw invalidResetToken();
      return [{ type: 'PasswordReset', data: { userId, passwordHash: command.passwordHash, tokenHash: command.tokenHash } }];
    }
    case 'ChangeEmail':
      if (!state.userId) throw new NotFoundError('User', userId);
      if (command.email === state.email) return [];
      return [{ type: 'EmailChanged', data: { userId, email: command.email, previousEmail: state.email } }];
  }
}
