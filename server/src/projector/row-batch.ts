import type { Knex } from 'knex';
import { PREPARED } from '../db/prepared-statements';

/**
 * A read table as a batched projection writes it: every column with its SQL type, the primary key,
 * and the columns an upsert replaces in a row that exists (none: an existing row is left alone).
 * A batch reads the rows it changes once and writes them back with one upsert.
 */
export interface RowTable<Row> {
  name: string;
  columns: Readonly<Record<keyof Row & string, string>>;
  key: readonly (keyof Row & string)[];
  updates: readonly (keyof Row & string)[];
}

/** A row's key as a map key; uuid columns come back lower-case, whatever case an event spelled an id in. */
export const keyOf = <Row>(table: RowTable<Row>, row: Partial<Row>): string => table.key.map((k) => String(row[k]).toLowerCase()).join('\u0000');

const typed = <Row>(table: RowTable<Row>, names: readonly (keyof Row & string)[]) => names.map((n) => `${n} ${table.columns[n]}`).join(', ');

/** The rows with these keys, by `keyOf`, in one statement. */
export async function readRows<Row>(trx: Knex.Transaction, table: RowTable<Row>, keys: Partial<Row>[]): Promise<Map<string, Row>> {
  const found = new Map<string, Row>();
  if (keys.length === 0) return found;
  const columns = Object.keys(table.columns);
  const { rows } = await trx.raw<{ rows: Row[] }>(
    `SELECT ${columns.map((c) => `t.${c}`).join(', ')} FROM ${table.name} t
       JOIN jsonb_to_recordset(?::jsonb) AS k(${typed(table, table.key)}) ON ${table.key.map((k) => `t.${k} = k.${k}`).join(' AND ')}`,
    [JSON.stringify(keys)],
  ).options(PREPARED);
  for (const row of rows) found.set(keyOf(table, row), row);
  return found;
}

/**
 * The rows a batch of events changes, by `keyOf`, read once: those of events that do not create
 * their row (`creates`), whose rows must exist already.
 */
export function readChangedRows<Row, Event>(
  trx: Knex.Transaction,
  table: RowTable<Row>,
  events: readonly Event[],
  keyFields: (event: Event) => Partial<Row>,
  creates: (event: Event) => boolean,
): Promise<Map<string, Row>> {
  const createdHere = new Set(events.filter(creates).map((e) => keyOf(table, keyFields(e))));
  return readRows(
    trx,
    table,
    events.map(keyFields).filter((key) => !createdHere.has(keyOf(table, key))),
  );
}

/** Inserts the rows, or replaces `updates` in those that exist, in one statement. */
export async function upsertRows<Row>(trx: Knex.Transaction, table: RowTable<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(table.columns) as (keyof Row & string)[];
  const onConflict =
    table.updates.length === 0 ? 'DO NOTHING' : `(${table.key.join(', ')}) DO UPDATE SET ${table.updates.map((c) => `${c} = excluded.${c}`).join(', ')}`;
  await trx.raw(
    `INSERT INTO ${table.name} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_to_recordset(?::jsonb) AS r(${typed(table, columns)})
     ON CONFLICT ${onConflict}`,
    [JSON.stringify(rows)],
  ).options(PREPARED);
}
