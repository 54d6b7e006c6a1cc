import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { DomainError } from '../shared/errors';
import { IDEMPOTENCY_HEADER, IDEMPOTENT_REPLAY_HEADER, refusalError, type Attempt, type Idempotency } from './idempotency';
import type { StoredAnswer } from './idempotency-store';
import type { TransportContext } from './transport-context';

/**
 * Idempotency keys over HTTP: the `Idempotency-Key` header (or the request's
 * `extensions.idempotencyKey`). The key is taken after the operation is resolved and the limits
 * have passed, a stored answer replaces execution, and an executed attempt's answer is kept (or
 * its key given back) as it goes out.
 */
export function idempotencyPlugin(idempotency: Idempotency): ApolloServerPlugin<TransportContext> {
  return {
    async requestDidStart() {
      let attempt: Attempt | undefined;
      let answered: StoredAnswer | undefined;
      let executed = false;
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          if (!operation) return;
          const key = request.http?.headers.get(IDEMPOTENCY_HEADER) ?? request.extensions?.idempotencyKey;
          try {
            const start = await idempotency.start({ key, document, operation, operationName: request.operationName, variables: request.variables, context: contextValue });
            if (start.kind === 'run') attempt = start.attempt;
            if (start.kind === 'answered') answered = start.answer;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            throw refusalError(error, error.code === 'BAD_USER_INPUT' ? 400 : 200);
          }
        },
        async responseForOperation(): Promise<GraphQLResponse | null> {
          if (!answered) return null;
          const headers = new HeaderMap([[IDEMPOTENT_REPLAY_HEADER, 'true']]);
          return { http: { status: answered.httpStatus, headers }, body: { kind: 'single', singleResult: answered.body as never } };
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ response, errors }) {
          if (!attempt) return;
          const ending = attempt;
          attempt = undefined;
          // Refused before execution (a limit, a concurrent plugin) or streamed: nothing to keep.
          if (!executed || response.body.kind !== 'single') return ending.release();
          await ending.finish(response.http.status ?? 200, response.body.singleResult, errors ?? []);
        },
      };
    },
  };
}
