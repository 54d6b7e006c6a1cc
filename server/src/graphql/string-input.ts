import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/** A UTF-16 surrogate without its other half: not Unicode text, and PostgreSQL's UTF-8 cannot store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const illFormed = (value: string) => value.includes('\u0000') || LONE_SURROGATE.test(value);

interface Visit {
  value: unknown;
  parent?: Visit;
  /** `.key` or `[i]`: the step from the parent. */
  step: string;
}

const pathOf = (visit: Visit): string => {
  const steps: string[] = [];
  for (let at: Visit | undefined = visit; at; at = at.parent) steps.push(at.step);
  return steps.reverse().join('');
};

/**
 * Depth first, on a stack of its own rather than the call stack: a client may nest variables
 * thousands of levels deep, and that is refused by coercion later, not a stack overflow here.
 */
function firstIllFormed(value: unknown, path: string): string | undefined {
  const pending: Visit[] = [{ value, step: path }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      if (illFormed(current)) return pathOf(visit);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], parent: visit, step: `[${i}]` });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], parent: visit, step: `.${entries[i]![0]}` });
    }
  }
  return undefined;
}

/** Per parsed document (reused for every request of its text): whether a string written into it is ill-formed. */
const literalsChecked = new WeakMap<DocumentNode, boolean>();

function hasIllFormedLiteral(document: DocumentNode): boolean {
  let found = literalsChecked.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING](node) {
        if (illFormed(node.value)) found = true;
      },
    });
    literalsChecked.set(document, found);
  }
  return found;
}

/**
 * Every string a client sends, in its variables or written into the operation, must be
 * well-formed Unicode without NUL: anything else would reach the database as an internal error.
 * One check for every operation, over HTTP and WebSocket alike, before anything executes.
 */
export function checkStringInput(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined {
  const where = firstIllFormed(variables ?? {}, '$') ?? (hasIllFormedLiteral(document) ? 'a string in the operation' : undefined);
  if (!where) return undefined;
  return new GraphQLError(`String input must be well-formed Unicode without NUL characters (${where})`, {
    extensions: { code: 'BAD_USER_INPUT', at: where, http: { status: 400 } },
  });
}
