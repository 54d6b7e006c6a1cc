import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../config/logger';
import type { TransportContext } from './transport-context';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A correlation id a client (or a proxy) sent along, when it is safe to log and store as is. */
export function incomingCorrelationId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : undefined;
}

/**
 * One structured log line per GraphQL operation over HTTP: operation, duration, caller, shop and
 * the correlation id that every event the operation causes carries (and every event a process
 * manager then writes on its behalf). The id goes back to the client in `X-Correlation-Id`.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<TransportContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ contextValue, operationName, operation, errors, response }) {
          response.http.headers.set(CORRELATION_HEADER, contextValue.requestId);
          logger.info(
            {
              operationName: operationName ?? null,
              operationType: operation?.operation ?? null,
              durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
              user: contextValue.actor,
              shop: contextValue.tenantId,
              correlationId: contextValue.requestId,
              errorCodes: errors?.length ? errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : undefined,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
