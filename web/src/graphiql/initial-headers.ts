import { getSession } from '../auth/session';

/**
 * The headers editor's first content: the web app's token when someone is signed in there (same
 * origin, same localStorage), an empty bearer to fill in otherwise.
 */
export function initialHeaders(now = Date.now()): string {
  const session = getSession();
  const token = session && session.expiresAt > now ? session.token : '';
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}
