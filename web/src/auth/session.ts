import { useSyncExternalStore } from 'react';
import { readTokenClaims } from './token-claims';

/** Who is signed in, as the sign-in answer described them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
  shop: string;
}

export interface Session {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  userId: string;
  shop: string;
  role: string;
  /** Absent when the token came from elsewhere than this app's sign-in (then `me` tells). */
  user?: SessionUser;
  /** Renews the access token before it expires (session-refresh.ts); absent for a token put in place by other means, which then simply expires. */
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  refreshTokenExpiresAt?: number;
  /** When the access token was issued (its `iat`, ms): with `expiresAt`, how long it lives. */
  issuedAt?: number;
}

/** What is kept in localStorage: the token, its expiry and the account it belongs to. */
interface StoredSession {
  token: string;
  /** ISO date-time; the token's own `exp` when absent. */
  expiresAt?: string;
  user?: SessionUser;
  refreshToken?: string;
  /** ISO date-time. */
  refreshTokenExpiresAt?: string;
}

export const SESSION_STORAGE_KEY = 'ordercast.session';
export type SessionEndReason = 'signed-out' | 'expired';
const listeners = new Set<() => void>();
const endListeners = new Set<(reason: SessionEndReason) => void>();
// Storage disabled: the session lasts as long as the page.
let memoryFallback: string | null = null;

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return memoryFallback;
  }
}

function writeRaw(raw: string | null) {
  memoryFallback = raw;
  try {
    if (raw === null) window.localStorage.removeItem(SESSION_STORAGE_KEY);
    else window.localStorage.setItem(SESSION_STORAGE_KEY, raw);
  } catch {
    // kept in memoryFallback only
  }
}

function parse(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as StoredSession;
    if (typeof stored?.token !== 'string') return null;
    const claims = readTokenClaims(stored.token);
    if (!claims) return null;
    const expiresAt = stored.expiresAt ? Date.parse(stored.expiresAt) : claims.expiresAt;
    return {
      token: stored.token,
      expiresAt: Number.isNaN(expiresAt) ? claims.expiresAt : expiresAt,
      userId: claims.userId,
      shop: claims.shop,
      role: stored.user?.role ?? claims.role,
      user: stored.user,
      refreshToken: typeof stored.refreshToken === 'string' ? stored.refreshToken : undefined,
      refreshTokenExpiresAt: stored.refreshTokenExpiresAt ? Date.parse(stored.refreshTokenExpiresAt) : undefined,
      issuedAt: claims.issuedAt,
    };
  } catch {
    return null;
  }
}

// useSyncExternalStore needs the same object for the same stored value.
let cached: { raw: string | null; session: Session | null } = { raw: null, session: null };

export function getSession(): Session | null {
  const raw = readRaw();
  if (raw !== cached.raw) cached = { raw, session: parse(raw) };
  return cached.session;
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Ends the session the moment its token expires, so no request goes out with a dead token. A
 * session with a refresh token is renewed instead (session-refresh.ts), and ends when that fails.
 */
function scheduleExpiry() {
  clearTimeout(expiryTimer);
  const session = getSession();
  if (!session || canRefresh(session)) return;
  // setTimeout cannot wait longer than about 24.8 days; it re-arms when it wakes early.
  const delay = Math.min(Math.max(0, session.expiresAt - Date.now()), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => {
    const current = getSession();
    if (current?.token !== session.token) return;
    if (current.expiresAt > Date.now()) scheduleExpiry();
    else endSession('expired');
  }, delay);
}

function notify() {
  scheduleExpiry();
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    // Another tab signed in or out: this one follows.
    if (event.key === SESSION_STORAGE_KEY || event.key === null) notify();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export interface SessionPayload {
  token: string;
  expiresAt?: string | null;
  user?: SessionUser | null;
  refreshToken?: string | null;
  refreshTokenExpiresAt?: string | null;
}

export function startSession(payload: SessionPayload) {
  const stored: StoredSession = {
    token: payload.token,
    expiresAt: payload.expiresAt ?? undefined,
    user: payload.user ?? undefined,
    refreshToken: payload.refreshToken ?? undefined,
    refreshTokenExpiresAt: payload.refreshTokenExpiresAt ?? undefined,
  };
  writeRaw(JSON.stringify(stored));
  notify();
}

/** Whether the session can still be renewed: it has a refresh token that has not expired. */
export function canRefresh(session: Session, now = Date.now()): boolean {
  return session.refreshToken !== undefined && (session.refreshTokenExpiresAt === undefined || session.refreshTokenExpiresAt > now);
}

/** Drops the token; listeners decide where the visitor goes next. Does nothing without a session. */
export function endSession(reason: SessionEndReason) {
  if (!getSession()) return;
  writeRaw(null);
  notify();
  endListeners.forEach((listener) => listener(reason));
}

export function onSessionEnd(listener: (reason: SessionEndReason) => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

/** Calls `listener` whenever the session changes (here or in another tab); returns the way to stop. */
export function onSessionChange(listener: () => void): () => void {
  return subscribe(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession);
}

/** Whether the session was already over when the page loaded (then it is dropped before anything renders). */
export function dropExpiredSession(now = Date.now()): boolean {
  const session = getSession();
  // An expired access token with a live refresh token is renewed, not dropped.
  if (!session || session.expiresAt > now || canRefresh(session, now)) {
    scheduleExpiry();
    return false;
  }
  writeRaw(null);
  return true;
}
