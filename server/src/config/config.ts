import path from 'node:path';
import { DEFAULT_API_LIMITS, type ApiLimits } from '../graphql/limits';
import { DEFAULT_POOL_MAX } from '../db/knex';
import { DEFAULT_APPENDS_IN_FLIGHT } from '../eventstore/event-store';
import { defaultProcessConcurrency } from '../process/process-manager-runner';
import { DEFAULT_READ_AFTER_WRITE_TIMEOUT_MS } from '../projector/projector';
import type { NodeRole } from '../app/app';
import { DEFAULT_GATEWAY_CIRCUIT, type GatewayCircuitSettings } from '../payments/gateway-circuit-breaker';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from '../accounts/sign-in-throttle-policy';

/** Everything the server reads from its environment, parsed once and validated. */
export interface Config {
  port: number;
  /** PostgreSQL server to use; when absent an embedded PostgreSQL is started under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: string;
  production: boolean;
  introspection: boolean;
  /** GraphiQL for browsers at GET /graphql (GRAPHIQL; on by default outside production). */
  graphiql: boolean;
  /** Backstop poll of the projector in case a NOTIFY was lost. */
  projectorPollMs: number;
  /** Connections in the database pool (DATABASE_POOL_MAX). */
  databasePoolMax: number;
  /** Checkouts (process-manager partitions) handled at once per process; grows with the pool by default. */
  processConcurrency: number;
  /** Autocommit append statements in flight at once; the appends that arrive meanwhile are sent together. */
  appendsInFlight: number;
  seedDemo: boolean;
  /** How long stock stays reserved for a checkout that has not completed. */
  reservationTtlMs: number;
  webDistDir: string;
  /** Depth, cost, alias, batch, size, connection and mutation-rate limits of the API. */
  limits: ApiLimits;
  /** Express's `trust proxy`: set behind a reverse proxy so limits see the real client address. */
  trustProxy: boolean | number | string | undefined;
  /** JWT_SECRET; when unset, development generates one under dataDir and production refuses to start. */
  jwtSecret: string | undefined;
  /** DATA_KEK (base64, 32 bytes) wraps the per-customer data keys; unset: development generates one under dataDir, production refuses to start. */
  dataKek: string | undefined;
  /** ACCESS_TOKEN_TTL_SECONDS: how long an access token stays valid (refresh tokens renew it). */
  tokenTtlSeconds: number;
  /** REFRESH_TOKEN_TTL_SECONDS: how long a refresh token lasts unused. */
  refreshTokenTtlSeconds: number;
  /** TOKEN_VERSION_CACHE_SECONDS: how long a token version read is trusted without a NOTIFY; also how often open sockets are re-checked. */
  tokenVersionCacheSeconds: number;
  /** Whether `createShop` is open (ALLOW_SHOP_CREATION; on by default outside production). */
  allowShopCreation: boolean;
  /** PARK_AFTER_FAILURES: failures in a row on one event before a projection parks it and moves on. */
  parkAfterFailures: number;
  /** PROCESS_PARK_AFTER_FAILURES: the same for process managers, which retry with a growing wait first. */
  processParkAfterFailures: number;
  /** READ_AFTER_WRITE_TIMEOUT_MS: how long a mutation waits for its read model before answering ACCEPTED. */
  readAfterWriteTimeoutMs: number;
  /** ROLE: all (default), api or worker. */
  role: NodeRole;
  /** PROCESS_BUCKETS: buckets each process manager's partitions spread over across nodes. */
  processBuckets: number;
  /** READY_MAX_LAG_SECONDS: `/ready` answers 503 while a read model lags the log by more. */
  readyMaxLagSeconds: number;
  /** PAYMENT_CIRCUIT_FAILURES, PAYMENT_CIRCUIT_HALF_OPEN_AFTER_MS: the payment gateway's circuit breaker. */
  paymentGatewayCircuit: GatewayCircuitSettings;
  /** SIMULATED_GATEWAY_LATENCY_MS: how long each request to the simulated card gateway takes (default 0). */
  simulatedGatewayLatencyMs: number;
  /** CORS_ORIGINS: origins browsers may call the API from (`*`: any); any outside production and none in it by default. */
  corsOrigins: string[];
  /** SIGN_IN_*: when failed sign-ins per account and per client address cost a wait, and when they lock. */
  signInThrottle: SignInThrottleSettings;
  /** PASSWORD_RESET_TTL_SECONDS: how long a mailed password-reset token works. */
  passwordResetTtlSeconds: number;
  /** IDEMPOTENCY_KEY_TTL_SECONDS: how long a mutation's idempotency key and its answer are kept. */
  idempotencyKeyTtlSeconds: number;
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/** TRUST_PROXY: unset or false = off, true, a hop count, or addresses/subnets as Express takes them. */
function trustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined || value === '' || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return undefined;
  if (['true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function limits(env: NodeJS.ProcessEnv): ApiLimits {
  const d = DEFAULT_API_LIMITS;
  return {
    maxDepth: int('GRAPHQL_MAX_DEPTH', env.GRAPHQL_MAX_DEPTH, d.maxDepth),
    maxComplexity: int('GRAPHQL_MAX_COMPLEXITY', env.GRAPHQL_MAX_COMPLEXITY, d.maxComplexity),
    maxAliases: int('GRAPHQL_MAX_ALIASES', env.GRAPHQL_MAX_ALIASES, d.maxAliases),
    maxRootFields: int('GRAPHQL_MAX_ROOT_FIELDS', env.GRAPHQL_MAX_ROOT_FIELDS, d.maxRootFields),
    maxBatchSize: int('GRAPHQL_MAX_BATCH', env.GRAPHQL_MAX_BATCH, d.maxBatchSize),
    maxBodyBytes: int('GRAPHQL_MAX_BODY_BYTES', env.GRAPHQL_MAX_BODY_BYTES, d.maxBodyBytes),
    maxWebSocketMessageBytes: int('WS_MAX_MESSAGE_BYTES', env.WS_MAX_MESSAGE_BYTES, d.maxWebSocketMessageBytes),
    maxWebSocketConnections: int('WS_MAX_CONNECTIONS', env.WS_MAX_CONNECTIONS, d.maxWebSocketConnections),
    maxWebSocketConnectionsPerClient: int('WS_MAX_CONNECTIONS_PER_CLIENT', env.WS_MAX_CONNECTIONS_PER_CLIENT, d.maxWebSocketConnectionsPerClient),
    maxOperationsPerWebSocket: int('WS_MAX_OPERATIONS_PER_CONNECTION', env.WS_MAX_OPERATIONS_PER_CONNECTION, d.maxOperationsPerWebSocket),
    maxWebSocketBufferedBytes: int('WS_MAX_BUFFERED_BYTES', env.WS_MAX_BUFFERED_BYTES, d.maxWebSocketBufferedBytes),
    mutationRateLimit: int('MUTATION_RATE_LIMIT', env.MUTATION_RATE_LIMIT, d.mutationRateLimit),
    mutationRateWindowSeconds: int('MUTATION_RATE_WINDOW_SECONDS', env.MUTATION_RATE_WINDOW_SECONDS, d.mutationRateWindowSeconds),
  };
}

function signInThrottle(env: NodeJS.ProcessEnv): SignInThrottleSettings {
  const d = DEFAULT_SIGN_IN_THROTTLE;
  return {
    account: { delayAfter: int('SIGN_IN_DELAY_AFTER', env.SIGN_IN_DELAY_AFTER, d.account.delayAfter), lockAfter: int('SIGN_IN_LOCK_AFTER', env.SIGN_IN_LOCK_AFTER, d.account.lockAfter) },
    address: {
      delayAfter: int('SIGN_IN_ADDRESS_DELAY_AFTER', env.SIGN_IN_ADDRESS_DELAY_AFTER, d.address.delayAfter),
      lockAfter: int('SIGN_IN_ADDRESS_LOCK_AFTER', env.SIGN_IN_ADDRESS_LOCK_AFTER, d.address.lockAfter),
    },
    delayMs: int('SIGN_IN_DELAY_MS', env.SIGN_IN_DELAY_MS, d.delayMs),
    maxDelayMs: int('SIGN_IN_MAX_DELAY_MS', env.SIGN_IN_MAX_DELAY_MS, d.maxDelayMs),
    lockSeconds: int('SIGN_IN_LOCK_SECONDS', env.SIGN_IN_LOCK_SECONDS, d.lockSeconds),
    windowSeconds: int('SIGN_IN_FAILURE_WINDOW_SECONDS', env.SIGN_IN_FAILURE_WINDOW_SECONDS, d.windowSeconds),
  };
}

function nodeRole(value: string | undefined): NodeRole {
  if (value === undefined || value === '') return 'all';
  if (value === 'all' || value === 'api' || value === 'worker') return value;
  throw new Error(`ROLE must be all, api or worker, got "${value}"`);
}

/** A comma-separated list; unset or empty gives `fallback`. */
function list(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined || value.trim() === '') return fallback;
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const root = process.cwd();
  return {
    port: int('PORT', env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(root, env.DATA_DIR ?? '.data'),
    embeddedPostgresPort: int('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, 54329),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    production,
    introspection: bool(env.GRAPHQL_INTROSPECTION, !production),
    graphiql: bool(env.GRAPHIQL, !production),
    projectorPollMs: int('PROJECTOR_POLL_MS', env.PROJECTOR_POLL_MS, 1000),
    databasePoolMax: int('DATABASE_POOL_MAX', env.DATABASE_POOL_MAX, DEFAULT_POOL_MAX),
    processConcurrency: int('PROCESS_CONCURRENCY', env.PROCESS_CONCURRENCY, defaultProcessConcurrency(int('DATABASE_POOL_MAX', env.DATABASE_POOL_MAX, DEFAULT_POOL_MAX))),
    appendsInFlight: Math.max(1, int('APPENDS_IN_FLIGHT', env.APPENDS_IN_FLIGHT, DEFAULT_APPENDS_IN_FLIGHT)),
    seedDemo: bool(env.SEED_DEMO, true),
    reservationTtlMs: int('RESERVATION_TTL_MS', env.RESERVATION_TTL_MS, 15 * 60_000),
    webDistDir: path.resolve(root, 'web/dist'),
    limits: limits(env),
    trustProxy: trustProxy(env.TRUST_PROXY),
    jwtSecret: env.JWT_SECRET || undefined,
    dataKek: env.DATA_KEK || undefined,
    // TOKEN_TTL_SECONDS is the setting's name from before refresh tokens.
    tokenTtlSeconds: Math.max(1, int('ACCESS_TOKEN_TTL_SECONDS', env.ACCESS_TOKEN_TTL_SECONDS, int('TOKEN_TTL_SECONDS', env.TOKEN_TTL_SECONDS, 15 * 60))),
    refreshTokenTtlSeconds: Math.max(1, int('REFRESH_TOKEN_TTL_SECONDS', env.REFRESH_TOKEN_TTL_SECONDS, 30 * 24 * 60 * 60)),
    tokenVersionCacheSeconds: Math.max(1, int('TOKEN_VERSION_CACHE_SECONDS', env.TOKEN_VERSION_CACHE_SECONDS, 30)),
    allowShopCreation: bool(env.ALLOW_SHOP_CREATION, !production),
    parkAfterFailures: Math.max(1, int('PARK_AFTER_FAILURES', env.PARK_AFTER_FAILURES, 3)),
    processParkAfterFailures: Math.max(1, int('PROCESS_PARK_AFTER_FAILURES', env.PROCESS_PARK_AFTER_FAILURES, 10)),
    readAfterWriteTimeoutMs: int('READ_AFTER_WRITE_TIMEOUT_MS', env.READ_AFTER_WRITE_TIMEOUT_MS, DEFAULT_READ_AFTER_WRITE_TIMEOUT_MS),
    role: nodeRole(env.ROLE),
    processBuckets: Math.max(1, int('PROCESS_BUCKETS', env.PROCESS_BUCKETS, 1)),
    readyMaxLagSeconds: int('READY_MAX_LAG_SECONDS', env.READY_MAX_LAG_SECONDS, 10),
    paymentGatewayCircuit: {
      failuresToOpen: Math.max(1, int('PAYMENT_CIRCUIT_FAILURES', env.PAYMENT_CIRCUIT_FAILURES, DEFAULT_GATEWAY_CIRCUIT.failuresToOpen)),
      halfOpenAfterMs: Math.max(1, int('PAYMENT_CIRCUIT_HALF_OPEN_AFTER_MS', env.PAYMENT_CIRCUIT_HALF_OPEN_AFTER_MS, DEFAULT_GATEWAY_CIRCUIT.halfOpenAfterMs)),
    },
    simulatedGatewayLatencyMs: Math.max(0, int('SIMULATED_GATEWAY_LATENCY_MS', env.SIMULATED_GATEWAY_LATENCY_MS, 0)),
    corsOrigins: list(env.CORS_ORIGINS, production ? [] : ['*']),
    signInThrottle: signInThrottle(env),
    passwordResetTtlSeconds: Math.max(1, int('PASSWORD_RESET_TTL_SECONDS', env.PASSWORD_RESET_TTL_SECONDS, 60 * 60)),
    idempotencyKeyTtlSeconds: Math.max(1, int('IDEMPOTENCY_KEY_TTL_SECONDS', env.IDEMPOTENCY_KEY_TTL_SECONDS, 24 * 60 * 60)),
  };
}
