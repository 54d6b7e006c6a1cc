import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import type { TokenService } from '../auth/tokens';
import { UnauthenticatedError } from '../shared/errors';
import type { SessionStore } from './session-store';
import type { UserState } from './user-decider';

/** What a sign-in or a refresh hands out: a short-lived access token and the refresh token that renews it. */
export interface IssuedSession {
  shopId: string;
  userId: string;
  role: Role;
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

/**
 * Sessions: a signed-in account gets an access token (minutes) and a refresh token (days); each
 * refresh rotates the refresh token, and a rotated one presented again revokes the whole family.
 * The role and token version in every access token come from the user's stream, the authority,
 * never from a read model a moment behind.
 */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly tokens: TokenService,
    private readonly loadUser: (shopId: string, userId: string) => Promise<UserState>,
    private readonly refreshTtlSeconds: number,
  ) {}

  /** A new session for an account that just proved who it is (sign-in, sign-up, a new shop's owner). */
  async start(shopId: string, userId: string): Promise<IssuedSession> {
    const user = await this.usable(shopId, userId);
    // A disabled account answers as a wrong password does: no hint to whoever tries it.
    if (!user) throw new UnauthenticatedError('The shop, email or password is not right');
    const { familyId, refreshToken, expiresAt } = await this.store.start(shopId, userId, this.refreshTtlSeconds);
    return this.issue(shopId, user, familyId, refreshToken, expiresAt);
  }

  /** A new access and refresh token for a refresh token; UNAUTHENTICATED for one that is unknown, expired, revoked or reused. */
  async refresh(refreshToken: string): Promise<IssuedSession> {
    const rotation = await this.store.rotate(refreshToken, this.refreshTtlSeconds);
    switch (rotation.outcome) {
      case 'reused':
        throw new UnauthenticatedError('The refresh token was already used: the session is revoked, sign in again');
      case 'unknown':
      case 'revoked':
      case 'expired':
        throw new UnauthenticatedError('The session has ended: sign in again');
      case 'rotated': {
        const { tenantId, familyId, userId } = rotation.session;
        const user = await this.usable(tenantId, userId);
        if (!user) {
          await this.store.revokeFamily(tenantId, familyId);
          throw new UnauthenticatedError('This account is disabled');
        }
        return this.issue(tenantId, user, familyId, rotation.refreshToken, rotation.expiresAt);
      }
    }
  }

  /**
   * Ends one session: the refresh token's, or else the caller's own. Its refresh tokens stop at
   * once; an access token already handed out for it lasts its few minutes (signOutEverywhere ends those too).
   */
  async signOut(refreshToken: string | undefined, principal: Principal | undefined): Promise<void> {
    if (refreshToken) {
      const session = await this.store.sessionOf(refreshToken);
      // Someone else's session cannot be ended by naming its token while signed in as another account.
      if (session && (!principal || (principal.shopId === session.tenantId && principal.userId === session.userId))) await this.store.revokeFamily(session.tenantId, session.familyId);
      return;
    }
    if (!principal) throw new UnauthenticatedError('Sign out needs the session: a refresh token or a signed-in token');
    if (principal.sessionId) await this.store.revokeFamily(principal.shopId, principal.sessionId);
  }

  /** Every session of the account, refresh tokens first (its access tokens end with the token version). */
  revokeAll(shopId: string, userId: string): Promise<void> {
    return this.store.revokeAccount(shopId, userId);
  }

  private async usable(shopId: string, userId: string): Promise<(UserState & { userId: string; role: Role }) | undefined> {
    const user = await this.loadUser(shopId, userId);
    if (!user.userId || !user.role || user.disabled) return undefined;
    return user as UserState & { userId: string; role: Role };
  }

  private async issue(shopId: string, user: UserState & { userId: string; role: Role }, familyId: string, refreshToken: string, refreshTokenExpiresAt: Date): Promise<IssuedSession> {
    const { token, expiresAt } = await this.tokens.issue({ userId: user.userId, shopId, role: user.role, tokenVersion: user.tokenVersion, sessionId: familyId });
    return { shopId, userId: user.userId, role: user.role, token, expiresAt, refreshToken, refreshTokenExpiresAt };
  }
}
