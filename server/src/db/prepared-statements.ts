import { createRequire } from 'node:module';
import type { Knex } from 'knex';

/**
 * Every parameterized statement goes to PostgreSQL as a named (prepared) statement, parsed and
 * analysed once per connection and then only bound and executed: on the hot paths (the append,
 * stream loads, read-model reads) the parse and plan cost about as much as the execution itself
 * (pgbench on the 2-core machine: the append function prepared runs 1.1–1.5× as many calls a
 * second as the same call sent unprepared).
 *
 * Bounded on both sides: a statement text gets a name the first time it is seen, up to
 * MAX_NAMED_TEXTS texts per process (texts built with a varying number of parameters, `IN ($1,
 * …, $n)`, could otherwise grow without end), and a connection keeps at most
 * MAX_NAMED_PER_CONNECTION of them; past either bound statements go unnamed, as before.
 * Named statements need a session of their own: a transaction-pooling PgBouncer cannot carry them
 * (the README already asks for session pooling, which LISTEN and the leases need too).
 */
const MAX_NAMED_TEXTS = 2_000;
const MAX_NAMED_PER_CONNECTION = 250;
const MAX_TEXT_LENGTH = 10_000;

const nameOfText = new Map<string, string>();
const namedOn = new WeakMap<object, Set<string>>();

/** The name `text` is prepared under on `connection`, or undefined when it goes unnamed. */
export function statementName(connection: object, text: string): string | undefined {
  if (text.length > MAX_TEXT_LENGTH) return undefined;
  let name = nameOfText.get(text);
  if (name === undefined) {
    if (nameOfText.size >= MAX_NAMED_TEXTS) return undefined;
    name = `oc_${nameOfText.size + 1}`;
    nameOfText.set(text, name);
  }
  let named = namedOn.get(connection);
  if (!named) {
    named = new Set();
    namedOn.set(connection, named);
  }
  if (!named.has(name)) {
    if (named.size >= MAX_NAMED_PER_CONNECTION) return undefined;
    named.add(name);
  }
  return name;
}

interface KnexQueryObject {
  sql?: string;
  bindings?: readonly unknown[];
  options?: { name?: string } & Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const PgClient = require('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => {
  _query(connection: object, obj: KnexQueryObject): Promise<unknown>;
};

/** knex's PostgreSQL client, naming parameterized statements (knex passes `options` on to `pg`'s query config). */
export class PreparingPgClient extends PgClient {
  _query(connection: object, obj: KnexQueryObject): Promise<unknown> {
    if (obj.sql && obj.bindings && obj.bindings.length > 0 && !obj.options?.name) {
      const name = statementName(connection, obj.sql);
      if (name) obj.options = { ...obj.options, name };
    }
    return super._query(connection, obj);
  }
}
