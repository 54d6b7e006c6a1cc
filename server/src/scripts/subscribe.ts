/**
 * Prints every push of a GraphQL subscription, one JSON line each, so live updates can be watched
 * from a terminal: TOKEN=… npm run subscribe -- 'subscription($id: ID!) { orderUpdated(orderId: $id) { status } }' '{"id":"…"}'
 * Subscriptions need a signed-in account: TOKEN is the token signIn answered.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [query, variablesJson = '{}'] = process.argv.slice(2);
if (!query) {
  console.error("usage: npm run subscribe -- '<subscription document>' ['<variables as JSON>']");
  process.exit(2);
}
const url = process.env.GRAPHQL_WS_URL ?? `ws://localhost:${process.env.PORT ?? 4000}/graphql`;
const token = process.env.TOKEN;
if (!token) {
  console.error('set TOKEN to a token from signIn: subscriptions need a signed-in account');
  process.exit(2);
}
const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
client.subscribe(
  { query, variables: JSON.parse(variablesJson) as Record<string, unknown> },
  {
    next: (result) => console.log(JSON.stringify(result.errors ? result : result.data)),
    error: (error) => {
      const closed = error as { code?: number; reason?: string };
      console.error(error instanceof Error ? error.message : closed.code ? `socket closed: ${closed.code} ${closed.reason}` : JSON.stringify(error));
      process.exit(1);
    },
    complete: () => process.exit(0),
  },
);
