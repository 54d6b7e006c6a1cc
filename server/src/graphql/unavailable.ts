import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ServiceUnavailableError, unavailableHttp } from './outcome-errors';

/** Socket failures on the way to PostgreSQL, and PostgreSQL shutting down or starting up. */
const CONNECTION_FAILURE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown: the server was stopped under the connection
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
]);

/**
 * What `pg` and Knex say when a connection dies or none can be had; they carry no code. Knex puts
 * the statement before the driver's message of a failed query (`select … - Connection terminated
 * unexpectedly`), so the message may start there or after that ` - `.
 */
const CONNECTION_FAILURE_MESSAGES = [
  /(?:^| - )Connection terminated unexpectedly/,
  /(?:^| - )Connection terminated due to connection timeout/,
  /(?:^| - )Client has encountered a connection error and is not queryable/,
  /^Knex: Timeout acquiring a connection/,
];

/**
 * Whether `error` says the database could not be reached, rather than that it refused or failed
 * this one statement: only connection-level failures, so a constraint violation, a serialization
 * failure or a bug stays an internal error.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_FAILURE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  // Over a Unix-domain socket a stopped server is a socket file that is gone.
  if (code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect') return true;
  return CONNECTION_FAILURE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** Whether an error as Apollo or graphql-ws hands it over (wrapped or not) is an outage. */
export function isUnavailableAnswer(error: unknown): boolean {
  const unwrapped = unwrapResolverError(error);
  if (unwrapped instanceof ServiceUnavailableError) return true;
  const original = unwrapped instanceof GraphQLError && unwrapped.originalError ? unwrapped.originalError : unwrapped;
  return original instanceof ServiceUnavailableError || isDatabaseUnavailable(original);
}

/**
 * Resolvers let database errors through as they are; this sets 503 and Retry-After on a response
 * that has one from an outage (the error formatter gives each such error its code).
 */
export function unavailablePlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          if (!errors.some(isUnavailableAnswer)) return;
          const { status, headers } = unavailableHttp();
          response.http.status = status;
          for (const [name, value] of headers) response.http.headers.set(name, value);
        },
      };
    },
  };
}
