import type { NewEvent } from './types';

/** One row an append writes beside its events, tied to the event (by index among the append's events) it comes from. */
export interface RowOfEvent {
  event: number;
  values: Record<string, unknown>;
}

/** A table an append's statement inserts rows into, beside its events (see appendWithRowsSql). */
export interface RowsTable {
  table: string;
  /** The columns the rows fill, with their PostgreSQL types. */
  columns: Readonly<Record<string, string>>;
  /** The columns, if any, that get the event's global position and its recorded time. */
  positionColumn?: string;
  timeColumn?: string;
  /** What a row whose key is taken does (`ON CONFLICT …`); by default the statement fails. */
  onConflict?: string;
}

/**
 * Rows an append hook writes to a table of its own, told from the events alone: they are written
 * by the append's one statement (no transaction around it). A hook that needs the database to
 * tell them (`rows` answers undefined) runs in a transaction with the append instead.
 */
export interface RowsInAppend extends RowsTable {
  rows(tenantId: string, events: readonly NewEvent[]): RowOfEvent[] | undefined;
}

/** Rows a caller writes with its append, in the append's statement: they commit with the events or not at all. */
export interface RowsWithAppend {
  into: RowsTable;
  rows: RowOfEvent[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}

/** Where each of an append's events lands: its stream's place in the call (1-based) and its version. */
export function eventSlots(appends: readonly { expectedVersion: number; events: readonly unknown[] }[]): { streamIndex: number; streamVersion: number }[] {
  return appends.flatMap((append, i) => append.events.map((_, j) => ({ streamIndex: i + 1, streamVersion: append.expectedVersion + j + 1 })));
}

/**
 * The append statement with the hooks' rows: `appendCall` (the `ordercast_append` call, its
 * parameters $1…$n) in a CTE, and one data-modifying CTE per table inserting its rows (a jsonb
 * parameter each, after the call's) joined to the appended events. PostgreSQL runs them in one
 * statement: the rows commit with the events or not at all. Answers the appended rows.
 */
export function appendWithRowsSql(appendCall: string, firstParameter: number, tables: readonly RowsTable[]): string {
  const inserts = tables.map((table, h) => {
    const columns = Object.keys(table.columns).map(identifier);
    const recordType = ['stream_index integer', 'stream_version integer', ...columns.map((c) => `${c} ${table.columns[c]}`)].join(', ');
    const fromEvent = [...(table.positionColumn ? [[table.positionColumn, 'a.global_position']] : []), ...(table.timeColumn ? [[table.timeColumn, 'a.recorded_at']] : [])];
    return `rows_${h} AS (
      INSERT INTO ${identifier(table.table)} (${[...columns, ...fromEvent.map(([column]) => identifier(column!))].join(', ')})
      SELECT ${[...columns.map((c) => `r.${c}`), ...fromEvent.map(([, value]) => value)].join(', ')}
        FROM jsonb_to_recordset($${firstParameter + h}::jsonb) AS r(${recordType})
        JOIN appended a ON a.stream_index = r.stream_index AND a.stream_version = r.stream_version
      ${table.onConflict ?? ''})`;
  });
  return `WITH appended AS (${appendCall}), ${inserts.join(', ')} SELECT * FROM appended`;
}
