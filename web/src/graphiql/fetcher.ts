import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';

function webSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;
}

/** A header left as typed, but `Bearer ` with nothing after it means no token at all. */
function usableHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') continue;
    if (name.toLowerCase() === 'authorization' && /^bearer\s*$/i.test(value)) continue;
    // The API reads graphql-ws connectionParams by their lower-case header names; HTTP does not care.
    result[name.toLowerCase()] = value;
  }
  return result;
}

/**
 * Queries and mutations over HTTP POST to the same-origin /graphql; subscriptions over graphql-ws
 * on the same path. The toolkit opens a socket per subscription with the editor's headers as
 * connectionParams, so a token typed into the headers editor signs the socket in too.
 */
export function createOrdercastFetcher(location: Location = window.location): Fetcher {
  const fetcher = createGraphiQLFetcher({
    url: `${location.origin}/graphql`,
    subscriptionUrl: webSocketUrl(location),
    // The API answers every operation in one response; no multipart.
    enableIncrementalDelivery: false,
  });
  return (params, options) => fetcher(params, { ...options, headers: usableHeaders(options?.headers) });
}
