/**
 * Password and email changes on the user's stream: the audit trail of who changed what, when. As
 * with sign-up, only the scrypt hash of a password travels, and only the SHA-256 of a reset token
 * (the token itself goes out by mail and nowhere else).
 */
export type CredentialEvent =
  | { type: 'PasswordChanged'; data: { userId: string; passwordHash: string } }
  | { type: 'PasswordResetRequested'; data: { userId: string; tokenHash: string; expiresAt: string } }
  | { type: 'PasswordReset'; data: { userId: string; passwordHash: string; tokenHash: string } }
  | { type: 'EmailChanged'; data: { userId: string; email: string; previousEmail: string } };

export const credentialEventTypes: readonly CredentialEvent['type'][] = ['PasswordChanged', 'PasswordResetRequested', 'PasswordReset', 'EmailChanged'];
