import { ApolloLink } from '@apollo/client';
import { Kind, type DocumentNode } from 'graphql';
import { tap } from 'rxjs';

/** Whether a subscription declares `$after`: the resumable ones do (orderUpdated, shipmentUpdated, …). */
function declaresAfter(query: DocumentNode): boolean {
  return query.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.variableDefinitions?.some((v) => v.variable.name.value === 'after'));
}

/** The `position` of a push: a subscription's data is one field, its payload. */
export function positionOf(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const [payload] = Object.values(data);
  const position = (payload as { position?: unknown } | null | undefined)?.position;
  return typeof position === 'number' ? position : undefined;
}

/**
 * Resumes every resumable subscription from the last push it received. graphql-ws sends a
 * subscription's variables again, serialized anew, each time a lost socket comes back; `after`
 * is a getter over the last push's `position`, so each of those sends asks the server for what
 * changed since that push (the server then pushes it before the live changes). Until the first
 * push, `after` is what the caller gave (null: the view's own query is its starting point, and
 * the reconnect refetch in apollo-client.ts covers it).
 */
export const resumeSubscriptions = new ApolloLink((operation, forward) => {
  if (!declaresAfter(operation.query)) return forward(operation);
  const given: Record<string, unknown> = operation.variables;
  let latest: number | undefined;
  operation.variables = Object.defineProperty({ ...given }, 'after', {
    enumerable: true,
    get: () => latest ?? given.after ?? null,
  });
  return forward(operation).pipe(
    tap((result) => {
      const position = positionOf(result.data);
      if (position !== undefined && (latest === undefined || position > latest)) latest = position;
    }),
  );
});
