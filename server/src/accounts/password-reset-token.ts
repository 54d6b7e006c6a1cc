import { createHash, randomBytes } from 'node:crypto';

/**
 * A reset token names its shop and account (so `resetPassword` needs nothing else) and carries 256
 * random bits; only their SHA-256 is recorded. `<shop>.<user id>.<secret>`: none of the three
 * contains a dot.
 */
export interface ResetToken {
  shopId: string;
  userId: string;
  secret: string;
}

export function newResetToken(shopId: string, userId: string): { token: string; tokenHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${shopId}.${userId}.${secret}`, tokenHash: hashResetSecret(secret) };
}

/** The parts of a token, or undefined when it is not shaped like one. */
export function parseResetToken(token: string): ResetToken | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => part === '' || part.length > 100)) return undefined;
  const [shopId, userId, secret] = parts as [string, string, string];
  return { shopId, userId, secret };
}

export const hashResetSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
