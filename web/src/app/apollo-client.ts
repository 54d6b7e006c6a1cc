import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { throwError } from 'rxjs';
import { createApolloCache } from './apollo-cache';
import { LiveConnection, registerLiveConnection } from './live-connection';
import { resumeSubscriptions } from './resume-subscriptions';
import { idempotencyKeys, retryTransientFailures } from './safe-retries';
import { STOREFRONT_SHOP } from './shop';

/** graphql-ws close codes: the server refuses a socket without a valid token (4403) and closes it when the token expires (4401). */
const WS_TOKEN_EXPIRED = 4401;
const WS_REFUSED = 4403;

function webSocketUrl(location: Location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** Waits between reconnection attempts: 1, 2, 4, 8 s, then every 10 s, each plus up to a second so a restarted server is not hit by every page at once. */
const retryWait = (retries: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000 * 2 ** retries, 10_000) + Math.random() * 1000));

const closeCode = (event: unknown) => (typeof event === 'object' && event !== null && 'code' in event ? (event as { code: unknown }).code : undefined);

/** The API refused the caller: an UNAUTHENTICATED error, or HTTP 401 whatever the body says. */
function isUnauthenticated(error: unknown, operation: ApolloLink.Operation): boolean {
  if (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return true;
  if (ServerError.is(error) && error.statusCode === 401) return true;
  const { response } = operation.getContext() as { response?: { status?: number } };
  return response?.status === 401;
}

export interface SessionClientOptions {
  /** The signed-in account's token; null for an anonymous visitor. */
  token: string | null;
  /** The server no longer accepts the token (expired, revoked, forged): the session is over. */
  onUnauthenticated: () => void;
  location?: Location;
}

export interface SessionClient {
  client: ApolloClient;
  /** Stops the client's queries and closes its WebSocket; the session it belonged to is over. */
  dispose(): void;
}

/**
 * One Apollo client per session: queries and mutations over HTTP with the token as a bearer
 * header, subscriptions over graphql-ws with the token in connectionParams, both on the
 * same-origin /graphql. A new session gets a new client, so no cached data and no socket
 * outlives the account it was fetched for.
 */
export function createApolloClient({ token, onUnauthenticated, location = window.location }: SessionClientOptions): SessionClient {
  const authorization = token ? `Bearer ${token}` : undefined;
  const http = new HttpLink({
    uri: '/graphql',
    headers: {
      // Apollo Server's CSRF prevention rejects browser-"simple" requests; this header makes ours non-simple.
      'apollo-require-preflight': 'true',
      // A token names its own shop; a visitor browses the storefront's.
      ...(authorization ? { authorization } : { 'x-shop': STOREFRONT_SHOP }),
    },
  });

  let wsClient: Client | undefined;
  let subscriptions: ApolloLink;
  // Assigned below; the socket cannot connect before the client exists.
  let client: ApolloClient | undefined;
  // Pushes made while the socket was down are gone: every open view reads its state again once
  // the socket is back. Deferred a tick, so graphql-ws has re-sent the subscriptions first and a
  // change made between the refetch and the re-subscription is still pushed.
  const connection = new LiveConnection(() => setTimeout(() => void client?.refetchQueries({ include: 'active' }), 0));
  if (authorization) {
    wsClient = createClient({
      url: webSocketUrl(location),
      lazy: true,
      connectionParams: { authorization },
      retryAttempts: Infinity,
      retryWait,
      // A refused or expired token will not get better by retrying.
      shouldRetry: (event) => closeCode(event) !== WS_TOKEN_EXPIRED && closeCode(event) !== WS_REFUSED,
      on: {
        connected: () => connection.connected(),
        closed: (event) => {
          const code = closeCode(event);
          if (code === WS_TOKEN_EXPIRED || code === WS_REFUSED) onUnauthenticated();
          else connection.closed(event);
        },
      },
    });
    // A resumable subscription re-sent on a new socket asks for what it missed (`after`).
    subscriptions = ApolloLink.from([resumeSubscriptions, new GraphQLWsLink(wsClient)]);
  } else {
    // The server refuses sockets without a token; an anonymous page has nothing live to follow.
    subscriptions = new ApolloLink(() => throwError(() => new Error('Sign in to receive live updates')));
  }

  // Only a token the client sent can be the one that stopped working.
  const signOutOnRejectedToken = new ErrorLink(({ error, operation }) => {
    if (authorization && isUnauthenticated(error, operation)) onUnauthenticated();
  });

  client = new ApolloClient({
    link: ApolloLink.from([
      // Outermost: one key per mutation, so every retry below it carries the same key.
      idempotencyKeys,
      retryTransientFailures,
      signOutOnRejectedToken,
      ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, subscriptions, http),
    ]),
    cache: createApolloCache(),
  });
  registerLiveConnection(client, connection);

  return {
    client,
    dispose() {
      client.stop();
      // Disposing waits for a connection attempt under way and rejects with its close event when the
      // server refused it (a rejected token): that socket is gone either way.
      Promise.resolve(wsClient?.dispose()).catch(() => {});
    },
  };
}
