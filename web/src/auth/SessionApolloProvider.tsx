import { Fragment, useEffect, type ReactNode } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import { createApolloClient, type SessionClient } from '../app/apollo-client';
import { endSession, getSession, onSessionChange, useSession, type Session } from './session';
import { keepSessionFresh, refreshSession } from './session-refresh';

/**
 * Whose the client is: the account and its role. A refreshed access token is the same session and
 * keeps the client (its cache, its socket); another account or another role gets a new one.
 */
const identityOf = (session: Session | null) => (session ? `${session.shop}\u0000${session.userId}\u0000${session.role}` : null);

let current: { identity: string | null; generation: number; session: SessionClient } | undefined;

/** The client of this identity, made on first use; the previous identity's is disposed. */
function clientFor(session: Session | null) {
  const identity = identityOf(session);
  if (current && current.identity === identity) return current;
  const previous = current;
  current = {
    identity,
    generation: (previous?.generation ?? 0) + 1,
    session: createApolloClient({
      token: session?.token ?? null,
      // Each request and each (re)connection sends the session's token of the moment.
      currentToken: () => (identityOf(getSession()) === identity ? (getSession()?.token ?? null) : null),
      refresh: session?.refreshToken ? refreshSession : undefined,
      // A late rejection of an earlier session's token must not end a newer session.
      onUnauthenticated: () => {
        if (identity && identityOf(getSession()) === identity) endSession('expired');
      },
    }),
  };
  // After React has swapped the tree over to the new client.
  if (previous) setTimeout(() => previous.session.dispose(), 0);
  return current;
}

/**
 * Provides the Apollo client of whoever is signed in. Signing in or out swaps the client (new
 * token on HTTP and WebSocket, empty cache) and remounts the pages, so nothing shown or
 * subscribed to belongs to the previous account. The access token is renewed in the background
 * before it expires, without a remount.
 */
export function SessionApolloProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  useEffect(() => keepSessionFresh(), []);
  // A renewed token (here or in another tab) moves the open socket over to it.
  useEffect(() => onSessionChange(() => current?.session.reconnect()), []);
  const { generation, session: sessionClient } = clientFor(session);
  return (
    <ApolloProvider client={sessionClient.client}>
      <Fragment key={generation}>{children}</Fragment>
    </ApolloProvider>
  );
}
