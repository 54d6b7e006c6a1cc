import { print } from 'graphql';
import { RefreshSessionMutation, SignOutMutation } from './account-operations';
import { canRefresh, endSession, getSession, onSessionChange, startSession, type Session } from './session';

/** `refreshed`: a new access token is in place; `ended`: the session is over (signed out); `failed`: the API could not be reached, try later. */
export type RefreshOutcome = 'refreshed' | 'ended' | 'failed';

/** How long before its expiry an access token is renewed: a fifth of its life, at most a minute. */
const leadTime = (session: Session) => Math.min(60_000, session.issuedAt === undefined ? 60_000 : (session.expiresAt - session.issuedAt) / 5);
/** After a refresh the network refused, the next try. */
const RETRY_MS = 5_000;
/** Tabs share the session: one of them refreshes at a time, the others find its new token. */
const LOCK = 'ordercast.session-refresh';

let inFlight: Promise<RefreshOutcome> | undefined;

async function postGraphQL(session: Session, query: string, variables: Record<string, unknown>, init: RequestInit = {}) {
  // No Authorization header: the access token may be the expired one; the refresh token is the credential.
  return fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', 'x-shop': session.shop },
    body: JSON.stringify({ query, variables }),
    ...init,
  });
}

async function refresh(staleToken: string | undefined): Promise<RefreshOutcome> {
  const session = getSession();
  if (!session || !canRefresh(session)) return 'ended';
  // Another tab (or an earlier call) renewed it while this one waited.
  if (staleToken !== undefined && session.token !== staleToken && session.expiresAt - Date.now() > leadTime(session)) return 'refreshed';
  let body: { data?: { refreshSession?: Parameters<typeof startSession>[0] } | null; errors?: { extensions?: { code?: string } }[] };
  try {
    const response = await postGraphQL(session, print(RefreshSessionMutation), { refreshToken: session.refreshToken });
    body = (await response.json()) as typeof body;
  } catch {
    return 'failed';
  }
  const stillOurs = () => getSession()?.refreshToken === session.refreshToken;
  const renewed = body.data?.refreshSession;
  if (renewed) {
    if (stillOurs()) startSession(renewed);
    return 'refreshed';
  }
  if (body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    if (stillOurs()) endSession('expired');
    return 'ended';
  }
  return 'failed';
}

/**
 * Renews the access token with the refresh token, once at a time (in this tab, and across tabs
 * where the browser has Web Locks): a second caller waits for the first's outcome. `staleToken`
 * is the token that was found wanting; if the session holds another, fresh one already, nothing is asked.
 */
export function refreshSession(staleToken?: string): Promise<RefreshOutcome> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  inFlight ??= (locks ? locks.request(LOCK, () => refresh(staleToken)).then((outcome) => outcome) : refresh(staleToken)).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/** Renews the session's access token shortly before it expires, for as long as the page is open. */
export function keepSessionFresh(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    const session = getSession();
    if (!session || !canRefresh(session)) return;
    const delay = Math.min(Math.max(0, session.expiresAt - leadTime(session) - Date.now()), 2 ** 31 - 1);
    timer = setTimeout(() => {
      void refreshSession(session.token).then((outcome) => {
        // A new token reschedules through the session change; a lost network tries again.
        if (outcome === 'failed' && getSession()?.token === session.token) timer = setTimeout(schedule, RETRY_MS);
      });
    }, delay);
  };
  schedule();
  const stop = onSessionChange(schedule);
  return () => {
    clearTimeout(timer);
    stop();
  };
}

/** Signs out here and ends the session on the server too (its refresh token stops working); the page does not wait for the answer. */
export function signOut() {
  const session = getSession();
  if (session?.refreshToken) void postGraphQL(session, print(SignOutMutation), { refreshToken: session.refreshToken }, { keepalive: true }).catch(() => {});
  endSession('signed-out');
}
