import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { createApolloCache } from './apollo-cache';

function webSocketUrl(location: Location): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/graphql`;
}

/** Queries and mutations over HTTP, subscriptions over graphql-ws, both on the same-origin /graphql. */
export function createApolloClient(location: Location = window.location): ApolloClient {
  const http = new HttpLink({
    uri: '/graphql',
    // Apollo Server's CSRF prevention rejects browser-"simple" requests; this header makes ours non-simple.
    headers: { 'apollo-require-preflight': 'true' },
  });
  const ws = new GraphQLWsLink(createClient({ url: webSocketUrl(location), lazy: true, retryAttempts: Infinity }));

  return new ApolloClient({
    link: ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, ws, http),
    cache: createApolloCache(),
  });
}
