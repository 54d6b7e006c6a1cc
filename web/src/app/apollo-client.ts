import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { from, mergeMap, throwError } from 'rxjs';
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

/**
 * graphql-ws never retries a socket closed with 4401 (its "Unauthorized"), but a session that can
 * renew its token comes back with a new one (a token that expired before its renewal got through,
 * or was revoked): its sockets report 4401 to graphql-ws as 4403, which it does retry.
 */
const renewableWebSocket = () =>
  class RenewableWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const socket = this;
      const native = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onclose');
      let listener: ((this: WebSocket, event: CloseEvent) => unknown) | null = null;
      Object.defineProperty(this, 'onclose', {
        get: () => listener,
        set(value: typeof listener) {
          listener = value;
          const reported = (event: CloseEvent) => (event.code === WS_TOKEN_EXPIRED ? new CloseEvent('close', { code: WS_REFUSED, reason: event.reason, wasClean: event.wasClean }) : event);
          native?.set?.call(socket, value && ((event: CloseEvent) => value.call(socket, reported(event))));
        },
      });
    }
  };

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
  /** The token to send now, when it can change under the client (a refreshed session); `token` otherwise. */
  currentToken?: () => string | null;
  /**
   * Renews the access token. With it, a rejected token (UNAUTHENTICATED, a socket closed for its
   * token) is renewed once and the request retried or the socket reconnected with the new one.
   */
  refresh?: (rejectedToken: string | undefined) => Promise<'refreshed' | 'ended' | 'failed'>;
  /** The server no longer accepts the token (expired, revoked, forged) and it cannot be renewed: the session is over. */
  onUnauthenticated: () => void;
  location?: Location;
}

export interface SessionClient {
  client: ApolloClient;
  /** Stops the client's queries and closes its WebSocket; the session it belonged to is over. */
  dispose(): void;
  /** The session's token was renewed: a socket open with the old one is replaced now, before the server closes it at the old token's expiry. */
  reconnect(): void;
}

/**
 * One Apollo client per session: queries and mutations over HTTP with the token as a bearer
 * header, subscriptions over graphql-ws with the token in connectionParams, both on the
 * same-origin /graphql. A new session gets a new client, so no cached data and no socket
 * outlives the account it was fetched for.
 */
export function createApolloClient({ token, currentToken, refresh, onUnauthenticated, location = window.location }: SessionClientOptions): SessionClient {
  const authorization = token ? `Bearer ${token}` : undefined;
  const tokenNow = () => (currentToken ? currentToken() : token);
  const http = new HttpLink({
    uri: '/graphql',
    headers: {
      // Apollo Server's CSRF prevention rejects browser-"simple" requests; this header makes ours non-simple.
      'apollo-require-preflight': 'true',
    },
  });
  // A token names its own shop; a visitor browses the storefront's. The token is read per request,
  // so a renewed one is sent from then on; the one sent is kept for the error handling below.
  const bearer = new ApolloLink((operation, forward) => {
    const sent = authorization ? (tokenNow() ?? undefined) : undefined;
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      sentToken: sent,
      headers: { ...headers, ...(sent ? { authorization: `Bearer ${sent}` } : { 'x-shop': STOREFRONT_SHOP }) },
    }));
    return forward(operation);
  });

  let wsClient: Client | undefined;
  // The token the socket connected with, the one the server refused, and whether the next
  // connection attempt should go at once (a renewed token, not a server in trouble).
  let socketToken: string | undefined;
  let rejectedToken: string | undefined;
  let connected = false;
  let reconnectNow = false;
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
      ...(refresh ? { webSocketImpl: renewableWebSocket() } : {}),
      // Asked at every (re)connection: the session's token of the moment, renewed first if the server refused it.
      connectionParams: async () => {
        if (refresh && rejectedToken !== undefined && rejectedToken === tokenNow() && (await refresh(rejectedToken)) === 'ended') onUnauthenticated();
        socketToken = tokenNow() ?? undefined;
        return { authorization: `Bearer ${socketToken}` };
      },
      retryAttempts: Infinity,
      retryWait: (retries) => {
        if (!reconnectNow) return retryWait(retries);
        reconnectNow = false;
        return Promise.resolve();
      },
      // A refused or expired token can be renewed; without a way to, it will not get better by retrying.
      shouldRetry: (event) => Boolean(refresh) || (closeCode(event) !== WS_TOKEN_EXPIRED && closeCode(event) !== WS_REFUSED),
      on: {
        connected: () => {
          connected = true;
          rejectedToken = undefined;
          connection.connected();
        },
        closed: (event) => {
          connected = false;
          const code = closeCode(event);
          if (code !== WS_TOKEN_EXPIRED && code !== WS_REFUSED) return connection.closed(event);
          if (!refresh) return onUnauthenticated();
          // Closed for a token that died on the server (revoked, or expired before it was renewed):
          // the next connection renews it first, and a session that cannot be renewed ends there.
          rejectedToken = socketToken;
          reconnectNow = true;
          connection.closed(event);
        },
      },
    });
    // A resumable subscription re-sent on a new socket asks for what it missed (`after`).
    subscriptions = ApolloLink.from([resumeSubscriptions, new GraphQLWsLink(wsClient)]);
  } else {
    // The server refuses sockets without a token; an anonymous page has nothing live to follow.
    subscriptions = new ApolloLink(() => throwError(() => new Error('Sign in to receive live updates')));
  }

  // Only a token the client sent can be the one that stopped working. It is renewed once and the
  // operation retried (an UNAUTHENTICATED answer ran nothing, so a retried mutation runs once);
  // when it cannot be renewed, the session is over.
  const renewRejectedToken = new ErrorLink(({ error, operation, forward }) => {
    if (!authorization || !isUnauthenticated(error, operation)) return;
    const { sentToken, retriedAfterRefresh } = operation.getContext() as { sentToken?: string; retriedAfterRefresh?: boolean };
    if (!refresh || retriedAfterRefresh) return onUnauthenticated();
    return from(refresh(sentToken)).pipe(
      mergeMap((outcome) => {
        if (outcome === 'ended') onUnauthenticated();
        if (outcome !== 'refreshed') return throwError(() => error);
        operation.setContext({ retriedAfterRefresh: true });
        return forward(operation);
      }),
    );
  });

  client = new ApolloClient({
    link: ApolloLink.from([
      // Outermost: one key per mutation, so every retry below it carries the same key.
      idempotencyKeys,
      retryTransientFailures,
      renewRejectedToken,
      ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, subscriptions, ApolloLink.from([bearer, http])),
    ]),
    cache: createApolloCache(),
  });
  registerLiveConnection(client, connection);

  return {
    client,
    reconnect() {
      // Nothing to move over to: the same token, or none of this client's session any more (another account signed in).
      if (!wsClient || !connected || !tokenNow() || socketToken === tokenNow()) return;
      reconnectNow = true;
      wsClient.terminate();
    },
    dispose() {
      client.stop();
      // Disposing waits for a connection attempt under way and rejects with its close event when the
      // server refused it (a rejected token): that socket is gone either way.
      Promise.resolve(wsClient?.dispose()).catch(() => {});
    },
  };
}
