/** What the app reads from its own token: for display and expiry only, the server verifies it. */
export interface TokenClaims {
  userId: string;
  shop: string;
  role: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Milliseconds since the epoch; absent when the token does not say. */
  issuedAt?: number;
}

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The claims of a JWT, or null when it is not one the app understands. */
export function readTokenClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = decodeSegment(payload) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || typeof claims.shop !== 'string' || typeof claims.role !== 'string' || typeof claims.exp !== 'number') return null;
    return { userId: claims.sub, shop: claims.shop, role: claims.role, expiresAt: claims.exp * 1000, issuedAt: typeof claims.iat === 'number' ? claims.iat * 1000 : undefined };
  } catch {
    return null;
  }
}
