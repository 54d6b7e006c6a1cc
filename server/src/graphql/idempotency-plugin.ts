import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { DomainError } from '../shared/errors';
import { IDEMPOTENCY_HEADER, IDEMPOTENT_REPLAY_HEADER, refusalError, type Idempotency, type Start } from './idempotency';
import type { StoredAnswer } from './idempotency-store';
import type { TransportContext } from './transport-context';

/**
 * Idempotency keys over HTTP: the `Idempotency-Key` header, or the operation's
 * `extensions.idempotencyKey`. The key is taken once the operation is resolved, a stored answer
 * replaces execution, and an executed attempt's answer is kept (or its key given back) as it goes out.
 */
export function idempotencyPlugin(idempotency: Idempotency): ApolloServerPlugin<TransportContext> {
  return {
    async requestDidStart() {
      let starting: Promise<Start> | undefined;
      let answered: StoredAnswer | undefined;
      let executed = false;
      return {
        async didResolveOperation({ request, document, operation, contextValue }) {
          if (!operation) return;
          // The operation's own key first: the operations of a batched request share its headers.
          const key = request.extensions?.idempotencyKey ?? request.http?.headers.get(IDEMPOTENCY_HEADER);
          starting = idempotency.start({ key, document, operation, operationName: request.operationName, variables: request.variables, context: contextValue });
          try {
            const start = await starting;
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
          if (!starting) return;
          // Other plugins check the operation alongside (the limits): one may have refused it while
          // the key was being taken, so wait for that and give the key back. A failure to take it
          // is this request's answer already (didResolveOperation threw it).
          const start = await starting.catch(() => undefined);
          if (start?.kind !== 'run') return;
          // Refused before execution or streamed: nothing to keep.
          if (!executed || response.body.kind !== 'single') return start.attempt.release();
          await start.attempt.finish(response.http.status ?? 200, response.body.singleResult, errors ?? []);
        },
      };
    },
  };
}
