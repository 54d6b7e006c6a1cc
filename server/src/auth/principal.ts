import type { Role } from './roles';

/** The signed-in caller, as its verified token says. */
export interface Principal {
  userId: string;
  /** The shop (tenant) the account belongs to; a token is only good in that shop. */
  shopId: string;
  role: Role;
  /** When the token stops being valid (epoch ms): a WebSocket is closed then. */
  expiresAt: number;
  /** The account's token version when the token was issued; a later revocation moves the account's on. */
  tokenVersion: number;
  /** The session (refresh-token family) the token was issued for; absent for tokens issued without one. */
  sessionId?: string;
}
