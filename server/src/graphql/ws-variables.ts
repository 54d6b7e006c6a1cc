import { getVariableValues, GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/**
 * graphql-ws hands the client's variables to execution as they came, and a value of the wrong
 * type then fails inside `execute` with an error that has no code: it would be answered as an
 * internal error. Apollo coerces them first and answers BAD_USER_INPUT; the WebSocket does the same.
 */
export function variableErrors(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown> | null | undefined): GraphQLError[] | undefined {
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 20 });
  return errors?.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
}
