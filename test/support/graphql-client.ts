import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { EVENTUALLY_MS } from './eventually';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** A minimal HTTP GraphQL client for tests, talking to a real running server. */
export function httpClient(baseUrl: string, headers: Record<string, string> = {}) {
  async function request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  }
  return {
    /** The server this client talks to. */
    baseUrl,
    request,
    /** Returns `data`, failing the test with the errors if there are any. */
    async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const result = await request<T>(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    /** Expects the operation to fail; returns the first error's code and message. */
    async error(query: string, variables: Record<string, unknown> = {}): Promise<{ code: string; message: string; extensions: Record<string, any> }> {
      const result = await request(query, variables);
      const first = result.errors?.[0];
      if (!first) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
      return { code: first.extensions?.code, message: first.message, extensions: first.extensions ?? {} };
    },
  };
}

export type HttpClient = ReturnType<typeof httpClient>;

/** A real graphql-ws client over a WebSocket. */
export function wsClient(baseUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url: `${baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Collects the pushes of one subscription so tests can wait for a matching one. */
export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const received: GraphQLResponse<T>[] = [];
  const waiters: (() => void)[] = [];
  let error: unknown;
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        received.push(value as GraphQLResponse<T>);
        waiters.splice(0).forEach((w) => w());
      },
      error: (e) => {
        error = e;
        waiters.splice(0).forEach((w) => w());
      },
      complete: () => waiters.splice(0).forEach((w) => w()),
    },
  );
  return {
    received,
    unsubscribe,
    /** Waits until a push satisfies `predicate`; fails after `timeoutMs`. */
    async waitFor(predicate: (value: GraphQLResponse<T>) => boolean, timeoutMs = EVENTUALLY_MS): Promise<GraphQLResponse<T>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`no matching push within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remaining);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
