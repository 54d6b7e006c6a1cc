import { ApolloLink, type ApolloClient } from '@apollo/client';
import { parse } from 'graphql';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, idempotencyKeys, retryTransientFailures } from '../../web/src/app/safe-retries';

/** A server that fails the first `failures` attempts with `error`, then answers; it records the key each attempt carried. */
function flakyServer(failures: number, error: () => unknown) {
  const keys: (string | undefined)[] = [];
  const link = new ApolloLink((operation) => {
    const { headers = {} } = operation.getContext() as { headers?: Record<string, string> };
    keys.push(headers[IDEMPOTENCY_HEADER]);
    return new Observable<ApolloLink.Result>((observer) => {
      if (keys.length <= failures) observer.error(error());
      else {
        observer.next({ data: { ok: true } });
        observer.complete();
      }
    });
  });
  return { link, keys };
}

function send(server: ApolloLink, query: string) {
  return new Promise<ApolloLink.Result>((resolve, reject) =>
    ApolloLink.execute(ApolloLink.from([idempotencyKeys, retryTransientFailures, server]), { query: parse(query) }, { client: {} as ApolloClient }).subscribe({ next: resolve, error: reject }),
  );
}

describe('safe retries in the web app', () => {
  it('sends every attempt of one mutation with the same idempotency key, and each mutation with a key of its own', async () => {
    const server = flakyServer(2, () => new TypeError('Failed to fetch'));
    expect(await send(server.link, 'mutation { createOrder { id } }')).toEqual({ data: { ok: true } });
    expect(server.keys).toHaveLength(3);
    expect(server.keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(server.keys).size).toBe(1);

    await send(server.link, 'mutation { createOrder { id } }');
    expect(server.keys[3]).toMatch(/^[0-9a-f]{32}$/);
    expect(server.keys[3]).not.toBe(server.keys[0]);
  });

  it('leaves subscriptions to their socket: no key, no retry', async () => {
    const server = flakyServer(1, () => new TypeError('socket gone'));
    await expect(send(server.link, 'subscription { ordersChanged { id } }')).rejects.toThrow('socket gone');
    expect(server.keys).toEqual([undefined]);
  });

  it('sends queries without a key', async () => {
    const server = flakyServer(0, () => new Error('unused'));
    await send(server.link, '{ products { id } }');
    expect(server.keys).toEqual([undefined]);
  });
});
