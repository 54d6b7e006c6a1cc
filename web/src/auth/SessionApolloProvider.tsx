import { Fragment, type ReactNode } from 'react';
import { ApolloProvider } from '@apollo/client/react';
import { createApolloClient, type SessionClient } from '../app/apollo-client';
import { endSession, getSession, useSession } from './session';

let current: { token: string | null; generation: number; session: SessionClient } | undefined;

/** The client of the session with this token, made on first use; the previous session's is disposed. */
function clientFor(token: string | null) {
  if (current?.token === token) return current;
  const previous = current;
  current = {
    token,
    generation: (previous?.generation ?? 0) + 1,
    session: createApolloClient({
      token,
      // A late rejection of an earlier token must not end a newer session.
      onUnauthenticated: () => {
        if (token && getSession()?.token === token) endSession('expired');
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
 * subscribed to belongs to the previous account.
 */
export function SessionApolloProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const { generation, session: sessionClient } = clientFor(session?.token ?? null);
  return (
    <ApolloProvider client={sessionClient.client}>
      <Fragment key={generation}>{children}</Fragment>
    </ApolloProvider>
  );
}
