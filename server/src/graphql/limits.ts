/**
 * What one client may ask of the API at once. The same limits hold over HTTP and WebSocket,
 * since graphql-ws runs operations outside Apollo's pipeline.
 */
export interface ApiLimits {
  /** Deepest field nesting an operation may have (introspection's `ofType` chains excepted). */
  maxDepth: number;
  /** Highest estimated cost: one per field, a page field times its `first`. */
  maxComplexity: number;
  /** Aliased fields in one operation, fragments included: aliases turn one request into many. */
  maxAliases: number;
  /** Top-level fields in one operation. */
  maxRootFields: number;
  /** Operations in one HTTP request; 1 turns batching off. */
  maxBatchSize: number;
  maxBodyBytes: number;
  maxWebSocketMessageBytes: number;
  maxWebSocketConnections: number;
  maxWebSocketConnectionsPerClient: number;
  /** Operations one WebSocket connection may have running at once (subscriptions, mostly). */
  maxOperationsPerWebSocket: number;
  /** Bytes a WebSocket may have waiting to be written before it is dropped as a client that does not read. */
  maxWebSocketBufferedBytes: number;
  /** Mutation root fields one client may run per window; 0 turns the limit off. */
  mutationRateLimit: number;
  mutationRateWindowSeconds: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  maxDepth: 10,
  maxComplexity: 5000,
  maxAliases: 30,
  maxRootFields: 20,
  maxBatchSize: 1,
  maxBodyBytes: 100 * 1024,
  maxWebSocketMessageBytes: 64 * 1024,
  maxWebSocketConnections: 1000,
  maxWebSocketConnectionsPerClient: 20,
  maxOperationsPerWebSocket: 100,
  maxWebSocketBufferedBytes: 1024 * 1024,
  mutationRateLimit: 120,
  mutationRateWindowSeconds: 60,
};

export function resolveLimits(overrides: Partial<ApiLimits> = {}): ApiLimits {
  const limits = { ...DEFAULT_API_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof ApiLimits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}

/** `extensions.code` of each refusal; clients can tell them apart and none of them is masked. */
export const LimitCode = {
  queryTooDeep: 'QUERY_TOO_DEEP',
  queryTooComplex: 'QUERY_TOO_COMPLEX',
  tooManyAliases: 'TOO_MANY_ALIASES',
  tooManyRootFields: 'TOO_MANY_ROOT_FIELDS',
  batchTooLarge: 'BATCH_TOO_LARGE',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  rateLimited: 'RATE_LIMITED',
  tooManyOperations: 'TOO_MANY_OPERATIONS',
} as const;

export const LIMIT_CODES: ReadonlySet<string> = new Set(Object.values(LimitCode));

/** WebSocket close codes: 1009 is the standard "message too big" (sent by `ws` itself); 1013 is "try again later". */
export const WS_CLOSE_TOO_MANY_CONNECTIONS = 1013;
