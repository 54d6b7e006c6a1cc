import { ApolloLink } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { RetryLink } from '@apollo/client/link/retry';
import { OperationTypeNode } from 'graphql';

/** The server keeps a mutation's first answer under this key; the same key again gets that answer (see README, Safe retries). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** 128 random bits; `crypto.randomUUID` exists only on https and localhost pages. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A fresh key for every mutation the app sends, set once before any retry: every attempt of one
 * mutation (a retry below, a retry after renewing the token) carries the same key, so it runs once.
 */
export const idempotencyKeys = new ApolloLink((operation, forward) => {
  if (operation.operationType === OperationTypeNode.MUTATION) {
    const key = newKey();
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: { ...headers, [IDEMPOTENCY_HEADER]: key } }));
  }
  return forward(operation);
});

/** No answer at all (the network), or a gateway or the server saying it is down for now: nothing ran that a retry would repeat. */
function isTransient(error: unknown): boolean {
  if (ServerError.is(error)) return [502, 503, 504].includes(error.statusCode);
  return !CombinedGraphQLErrors.is(error);
}

/** Queries and mutations retried through short outages (up to 4 tries in about 3 s). */
const retry = new RetryLink({ delay: { initial: 300, max: 2_000, jitter: true }, attempts: { max: 4, retryIf: (error) => isTransient(error) } });

/** Subscriptions reconnect on their own (graphql-ws): they bypass the retries altogether. */
export const retryTransientFailures = ApolloLink.split(({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION, new ApolloLink((operation, forward) => forward(operation)), retry);
