import { CombinedGraphQLErrors, ServerError, ServerParseError } from '@apollo/client/errors';

export interface ReadableError {
  /** What kind of problem it is, for people. */
  title: string;
  /** The server's explanation, or what to do about it. */
  detail: string;
  /** The API's `extensions.code`, when there is one. */
  code?: string;
}

const TITLES: Record<string, string> = {
  BAD_USER_INPUT: 'That request was not accepted',
  NOT_FOUND: 'Not found',
  INVALID_STATE: 'Not possible right now',
  CONFLICT: 'Changed by someone else at the same time',
  UNAUTHENTICATED: 'Please sign in',
  FORBIDDEN: 'Not allowed',
  GRAPHQL_VALIDATION_FAILED: 'The app sent a request the server does not understand',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side',
};

function fromGraphQLError(error: CombinedGraphQLErrors): ReadableError {
  const first = error.errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  const title = (code ? TITLES[code] : undefined) ?? 'The request failed';
  let detail = first?.message ?? error.message;
  if (code === 'CONFLICT') detail = `${detail} Please try again.`;
  if (code === 'INTERNAL_SERVER_ERROR' && first?.extensions?.errorId) detail = `Please try again later (reference ${String(first.extensions.errorId)}).`;
  return { title, detail, code };
}

/** Turns whatever Apollo reports into a message a shopper can read. */
export function describeError(error: unknown): ReadableError {
  if (CombinedGraphQLErrors.is(error)) return fromGraphQLError(error);
  if (ServerError.is(error)) {
    return { title: 'The server could not handle the request', detail: `It answered with HTTP ${error.statusCode}. Please try again.` };
  }
  if (ServerParseError.is(error)) return { title: 'Unexpected answer from the server', detail: 'Please reload the page and try again.' };
  return { title: 'Could not reach the server', detail: 'Check your connection and try again.' };
}
