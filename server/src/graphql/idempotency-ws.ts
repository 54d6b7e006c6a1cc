import { execute, getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../shared/errors';
import { refusalError, type Idempotency } from './idempotency';
import type { TransportContext } from './transport-context';

type Format = (error: GraphQLError) => GraphQLFormattedError;

/**
 * Idempotency keys over graphql-ws, which has no headers: the key is the operation's
 * `extensions.idempotencyKey`, put on the context by onSubscribe. A keyed mutation's errors are
 * formatted here, so the answer kept is the one sent; graphql-ws's onNext leaves them as they are.
 */
export function idempotentExecute(idempotency: Idempotency, format: Format) {
  return async (args: ExecutionArgs): Promise<ExecutionResult> => {
    const context = args.contextValue as TransportContext;
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return execute(args);
    const formatted = (result: ExecutionResult) => ({ ...result, errors: result.errors?.map(format) }) as unknown as ExecutionResult;
    let start;
    try {
      start = await idempotency.start({ key: context.idempotencyKey, document: args.document, operation, operationName: args.operationName, variables: args.variableValues, context });
    } catch (error) {
      // Refusals, and a database that cannot be reached, answer like any failed operation.
      const refusal = error instanceof DomainError ? refusalError(error, 200) : new GraphQLError('could not check the idempotency key', { originalError: error as Error });
      return formatted({ errors: [refusal] });
    }
    if (start.kind === 'unkeyed') return execute(args);
    if (start.kind === 'answered') return start.answer.body as ExecutionResult;
    let result: ExecutionResult;
    try {
      result = await execute(args);
    } catch (error) {
      await start.attempt.release();
      throw error;
    }
    const answer = formatted(result);
    await start.attempt.finish(200, answer as { errors?: GraphQLFormattedError[] }, result.errors ?? []);
    return answer;
  };
}
