import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiLimits } from './limits';
import { checkOperationLimits, mutationFieldCount } from './operation-limits';
import type { MutationRateLimiter } from './mutation-rate-limit';
import type { TransportContext } from './transport-context';

function withStatus(error: GraphQLError, status: number): GraphQLError {
  const http = (error.extensions.http as object | undefined) ?? { status };
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
}

/**
 * Refuses operations over the limits after validation and before execution, so a refused
 * mutation runs no resolver and appends nothing.
 */
export function limitsPlugin(limits: ApiLimits, rateLimiter: MutationRateLimiter): ApolloServerPlugin<TransportContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          // Apollo itself refuses a request whose operation it could not pick.
          if (!operation) return;
          const refusal = checkOperationLimits(schema, document, operation, request.variables, limits);
          if (refusal) throw withStatus(refusal, 400);
          const limited = await rateLimiter.consume({ context: contextValue, remoteAddress: contextValue.remoteAddress }, mutationFieldCount(document, operation));
          if (limited) throw limited;
        },
      };
    },
  };
}
