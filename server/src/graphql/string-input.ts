import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/** A UTF-16 surrogate without its other half: not Unicode text, and PostgreSQL's UTF-8 cannot store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const illFormed = (value: string) => value.includes('\u0000') || LONE_SURROGATE.test(value);

function firstIllFormed(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return illFormed(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstIllFormed(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = firstIllFormed(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Every string a client sends, in its variables or written into the operation, must be
 * well-formed Unicode without NUL: anything else would reach the database as an internal error.
 * One check for every operation, over HTTP and WebSocket alike, before anything executes.
 */
export function checkStringInput(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  let where = firstIllFormed(variables ?? {}, '$');
  if (!where) {
    visit(document, {
      [Kind.STRING](node) {
        if (!where && illFormed(node.value)) where = 'a string in the operation';
      },
    });
  }
  if (!where) return undefined;
  return new GraphQLError(`String input must be well-formed Unicode without NUL characters (${where})`, {
    extensions: { code: 'BAD_USER_INPUT', at: where, http: { status: 400 } },
  });
}
