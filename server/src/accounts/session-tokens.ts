import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: a refresh token cannot be guessed, so a plain sha-256 of it is a safe lookup key. */
const TOKEN_BYTES = 32;

export const newRefreshToken = (): string => randomBytes(TOKEN_BYTES).toString('base64url');

/** What the sessions table keeps instead of the token: a leaked table hands out no sessions. */
export const refreshTokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
