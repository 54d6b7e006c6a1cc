import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { UnauthenticatedError } from '../shared/errors';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

const ISSUER = 'ordercast';
const ALGORITHM = 'HS256';
/** Verified tokens remembered per process: enough for every client of a busy node, bounded whatever is sent. */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Signs and verifies the API's bearer (access) tokens: JWT, HS256, short-lived. Besides the
 * account, shop and role, a token names the account's token version it was issued under (`tv`),
 * which the caller resolver compares with the account's current one, and its session (`sid`).
 */
export class TokenService {
  private readonly key: Uint8Array<ArrayBuffer>;
  /** The key imported once for verifying: given raw bytes, jose imports them again on every call. */
  private verifyKey: Promise<CryptoKey> | undefined;
  /**
   * Tokens that verified, with their principal, oldest first. A token's text is all its signature
   * covers, so the same text verifies the same way until it expires; a client sends one token
   * with every request, and HMAC verification runs on the thread pool. Expiry is checked on each
   * use; revocation is the caller resolver's, on every request as before.
   */
  private readonly verified = new Map<string, Principal>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    if (Buffer.byteLength(secret) < 32) throw new Error('The JWT secret must be at least 32 bytes');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(
    subject: { userId: string; shopId: string; role: Role; tokenVersion?: number; sessionId?: string },
    now = Date.now(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const claims = { shop: subject.shopId, role: subject.role, tv: subject.tokenVersion ?? 0, ...(subject.sessionId ? { sid: subject.sessionId } : {}) };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM })
      .setIssuer(ISSUER)
      .setSubject(subject.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The principal of a valid token; UNAUTHENTICATED for a bad, forged or expired one. */
  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    // jose's rule: expired once the current second reaches `exp`.
    if (known && Math.floor(Date.now() / 1000) * 1000 < known.expiresAt) return known;
    this.verified.delete(token);
    // Frozen: every request of this token shares it.
    const principal = Object.freeze(await this.verifySignatureAndClaims(token));
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, principal);
    return principal;
  }

  private async verifySignatureAndClaims(token: string): Promise<Principal> {
    try {
      this.verifyKey ??= crypto.subtle.importKey('raw', this.key, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
      const { payload } = await jwtVerify(token, await this.verifyKey, { issuer: ISSUER, algorithms: [ALGORITHM] });
      if (!payload.sub || typeof payload.shop !== 'string' || !isRole(payload.role) || typeof payload.exp !== 'number') {
        throw new UnauthenticatedError('The token is missing required claims');
      }
      // Tokens from before token versions carry none: version 0, which any revocation moves past.
      const tokenVersion = payload.tv === undefined ? 0 : payload.tv;
      if (!Number.isInteger(tokenVersion)) throw new UnauthenticatedError('The token is missing required claims');
      const sessionId = typeof payload.sid === 'string' ? payload.sid : undefined;
      return { userId: payload.sub, shopId: payload.shop, role: payload.role, expiresAt: payload.exp * 1000, tokenVersion: tokenVersion as number, sessionId };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('The token has expired: sign in again');
      throw new UnauthenticatedError('The token is not valid');
    }
  }
}

/** `Authorization: Bearer <token>` → the token; anything else → undefined. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * JWT_SECRET when set. Otherwise, in development only, a random secret generated once and kept
 * under the data directory, so tokens survive restarts; production refuses to start without one.
 */
export function resolveJwtSecret(options: { configured: string | undefined; production: boolean; dataDir: string }): string {
  if (options.configured) return options.configured;
  if (options.production) throw new Error('JWT_SECRET must be set in production (at least 32 bytes)');
  const file = path.join(options.dataDir, 'jwt-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
