import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../config/logger';
import { DomainError } from '../shared/errors';
import { ConcurrencyError } from '../eventstore/types';
import { LIMIT_CODES } from './limits';
import { AcceptedButNotYetVisibleError, ServiceUnavailableError } from './outcome-errors';
import { isUnavailableAnswer } from './unavailable';
import { ProjectionTimeoutError } from '../projector/projector';

/** Codes GraphQL itself or Apollo produce for malformed requests: safe to show as they are. */
const CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/**
 * One error policy for HTTP and WebSocket: domain errors keep their message and code, request
 * errors pass through, a change recorded but not yet visible is ACCEPTED, a database that cannot
 * be reached is SERVICE_UNAVAILABLE, anything unexpected is logged and replaced by an opaque
 * error with an id.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    // A refusal while the request's caller is established (bad token, unknown shop) comes wrapped without a path.
    const original = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof DomainError ? unwrapped.originalError : unwrapped;
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, ...original.details } };
    }
    // A resolver that waited on the projector itself rather than through awaitRecorded: its change is recorded all the same.
    const accepted = original instanceof ProjectionTimeoutError ? new AcceptedButNotYetVisibleError(original.target) : original;
    if (accepted instanceof AcceptedButNotYetVisibleError) {
      return { message: accepted.message, path: formatted.path, locations: formatted.locations, extensions: accepted.extensions };
    }
    // Also a failure wrapped without a path: one in the request's pipeline (a plugin's store), not in a resolver.
    if (isUnavailableAnswer(error)) {
      logger.warn({ err: original, path: formatted.path }, 'database unavailable: answered SERVICE_UNAVAILABLE');
      const { message, extensions } = original instanceof ServiceUnavailableError ? original : new ServiceUnavailableError();
      const { http: _status, ...visible } = extensions;
      return { message, path: formatted.path, locations: formatted.locations, extensions: visible };
    }
    if (original instanceof ConcurrencyError) {
      return { message: 'The resource was changed concurrently; please retry', path: formatted.path, extensions: { code: 'CONFLICT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && (CLIENT_CODES.has(code) || LIMIT_CODES.has(code))) {
      // `http` tells Apollo the status of a refusal; it is no business of the client's body.
      const { stacktrace: _dropped, http: _status, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const errorId = randomUUID();
    logger.error({ err: original, errorId, path: formatted.path }, 'unexpected error in GraphQL operation');
    return { message: `Internal server error (id ${errorId})`, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } };
  };
}
