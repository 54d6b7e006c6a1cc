import { createRequire } from 'node:module';
import type { Knex } from 'knex';

/**
 * Calls of the event store's SQL functions (`SELECT … FROM ordercast_append(…)`, the stream loads,
 * the log reads) go to PostgreSQL as named (prepared) statements, parsed and analysed once per
 * connection and then only bound and executed (pgbench on the 2-core machine: the append function
 * prepared runs 1.1–1.5× as many calls a second as the same call sent unprepared).
 *
 * Only such calls: their plan is a function scan whatever the arguments, while a statement over a
 * table may get a generic plan that suits no argument. Measured: `EXISTS (SELECT 1 FROM events
 * WHERE (transaction_id, global_position) > ($1, $2))` prepared became a sequential scan of the
 * whole log after five runs (1.2 ms a call, growing with the log) instead of an index probe.
 *
 * Other statements opt in with `.options(PREPARED)` (knex passes it on here): those whose plan
 * cannot depend on the values bound, so the generic plan PostgreSQL settles on after five runs is
 * the one every run wants. That is, conditions of equality (`=`) on the leading columns of an
 * index, and probes driven by a function scan of the parameter (`jsonb_to_recordset($1)`), which
 * the planner sizes the same whatever the value. Never a range over a growing table (the log read
 * above). An array parameter (`= ANY($1)`, `unnest($1)`) is safe too, but PostgreSQL keeps
 * planning it afresh (the plan for the array it sees looks cheaper than one for an array of
 * unknown length): only its parsing is saved. Nor may the plan depend on the table's size when it
 * was made: a probe of a table that may still be a page small gets a sequential scan, which the
 * generic plan keeps as the table grows, until its next ANALYZE (the projections' row reads were
 * taken off for this, see `readRows`). Parsing and planning each unnamed statement afresh
 * was about a tenth of the machine's CPU in the checkout loop (perf, system-wide); the read of an
 * order alone, planned per push, took 0.07 ms of planning for 0.04 ms of execution.
 *
 * Bounded on both sides: a statement text gets a name the first time it is seen, up to `maxTexts`
 * texts per process, and a connection keeps at most `maxPerConnection` of them; past either bound
 * statements go unnamed. Named statements need a session of their own: a transaction-pooling
 * PgBouncer cannot carry them (the README asks for session pooling, which LISTEN and the leases
 * need too).
 */
const FUNCTION_CALL = /^\s*SELECT\b[^;]*?\bFROM\s+ordercast_[a-z_]+\s*\([^;]*\)(\s+AS\s+\w+)?\s*$/is;

/** Whether `text` is a call of one of the store's SQL functions and nothing else (no table, no join). */
export const isStoreFunctionCall = (text: string): boolean => FUNCTION_CALL.test(text) && !/\b(JOIN|WHERE)\b/i.test(text.slice(text.search(/\bFROM\b/i)));

export class StatementNamer {
  private readonly nameOfText = new Map<string, string>();
  /** Per connection: its names in use, and the texts whose statement went stale on it (renamed). */
  private readonly connections = new WeakMap<object, { named: Set<string>; renamed: Map<string, string> }>();
  private renames = 0;

  constructor(
    private readonly maxTexts = 2_000,
    private readonly maxPerConnection = 250,
    private readonly maxTextLength = 10_000,
  ) {}

  /**
   * The name `text` is prepared under on `connection`, or undefined when it goes unnamed: a call of
   * a store function, or a statement its caller `requested` be prepared (see PREPARED).
   */
  nameFor(connection: object, text: string, requested = false): string | undefined {
    if (text.length > this.maxTextLength || !(requested || isStoreFunctionCall(text))) return undefined;
    const own = this.connectionState(connection);
    let name = own.renamed.get(text) ?? this.nameOfText.get(text);
    if (name === undefined) {
      if (this.nameOfText.size >= this.maxTexts) return undefined;
      name = `oc_${this.nameOfText.size + 1}`;
      this.nameOfText.set(text, name);
    }
    if (!own.named.has(name)) {
      if (own.named.size >= this.maxPerConnection) return undefined;
      own.named.add(name);
    }
    return name;
  }

  /**
   * The statement prepared for `text` on `connection` can no longer run: its result changed shape
   * (a function returning a table's rows, after another node's migration changed the table), which
   * PostgreSQL refuses for a prepared plan. The text gets a new name on that connection, so its
   * next run is parsed afresh.
   */
  renameStale(connection: object, text: string): void {
    this.connectionState(connection).renamed.set(text, `oc_r${++this.renames}`);
  }

  private connectionState(connection: object) {
    let own = this.connections.get(connection);
    if (!own) {
      own = { named: new Set(), renamed: new Map() };
      this.connections.set(connection, own);
    }
    return own;
  }
}

/** The namer of this process's pools. */
export const statements = new StatementNamer();

/** PostgreSQL's refusal to run a prepared plan whose result columns changed (SQLSTATE 0A000). */
export function isStalePlan(error: unknown): boolean {
  const failure = error as { code?: string; message?: string };
  return failure.code === '0A000' && /cached plan must not change result type/.test(failure.message ?? '');
}

/** Whether the pg connection is outside any transaction (its last ReadyForQuery said idle): a failed statement can be sent again. */
const outsideTransaction = (connection: object): boolean => (connection as { _txStatus?: string | null })._txStatus === 'I';

/**
 * Knex query options (`.options(PREPARED)`) asking that the statement run prepared: only for
 * statements whose best plan does not depend on the values bound (see above).
 */
export const PREPARED = Object.freeze({ prepare: true });

interface KnexQueryObject {
  sql?: string;
  bindings?: readonly unknown[];
  options?: { name?: string; prepare?: boolean } & Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const PgClient = require('knex/lib/dialects/postgres/index.js') as new (config: Knex.Config) => {
  _query(connection: object, obj: KnexQueryObject): Promise<unknown>;
};

/** knex's PostgreSQL client, naming the store's function calls (knex passes `options` on to `pg`'s query config). */
export class PreparingPgClient extends PgClient {
  async _query(connection: object, query: KnexQueryObject): Promise<unknown> {
    const { prepare, ...options } = query.options ?? {};
    const obj = prepare === undefined ? query : { ...query, options };
    const sql = obj.sql;
    if (!sql || !obj.bindings || obj.bindings.length === 0 || obj.options?.name) return super._query(connection, obj);
    const name = statements.nameFor(connection, sql, prepare === true);
    if (!name) return super._query(connection, obj);
    try {
      return await super._query(connection, { ...obj, options: { ...obj.options, name } });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      statements.renameStale(connection, sql);
      // In autocommit nothing was done: run it once more, parsed afresh. In a transaction the
      // transaction is lost either way; the caller's next one gets the new name.
      if (!outsideTransaction(connection)) throw error;
      return super._query(connection, { ...obj, options: { ...obj.options, name: statements.nameFor(connection, sql, prepare === true) } });
    }
  }
}
