import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOf, readRows, upsertRows, type RowTable } from '../../server/src/projector/row-batch';
import type { Knex } from '../../server/src/db/knex';
import { createTestDatabase, type TestDatabase } from '../support/database';

interface ProbeRow {
  tenant_id: string;
  id: number;
  note: string;
}

const PROBES: RowTable<ProbeRow> = { name: 'row_batch_probe', columns: { tenant_id: 'text', id: 'integer', note: 'text' }, key: ['tenant_id', 'id'], updates: ['note'] };

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.raw('CREATE TABLE row_batch_probe (tenant_id text, id integer, note text, PRIMARY KEY (tenant_id, id))');
  // Big enough that a sequential scan costs something, small enough that a planner sizing the
  // keys at 100 rows (a function scan's default) would pick one over 100 index probes.
  await database.db.raw("INSERT INTO row_batch_probe SELECT 'shop-' || (g % 2), g, 'n' || g FROM generate_series(1, 2000) AS g");
  await database.db.raw('ANALYZE row_batch_probe');
});
afterAll(() => database.drop());

describe('a batched projection reading its rows', () => {
  it('finds the rows of the keys given (duplicates and unknown keys included), by key', async () => {
    const found = await database.db.transaction((trx) =>
      readRows(trx, PROBES, [
        { tenant_id: 'shop-1', id: 7 },
        { tenant_id: 'shop-1', id: 7 },
        { tenant_id: 'shop-0', id: 8 },
        { tenant_id: 'shop-0', id: 7 },
      ]),
    );
    expect([...found.values()].sort((a, b) => a.id - b.id)).toEqual([
      { tenant_id: 'shop-1', id: 7, note: 'n7' },
      { tenant_id: 'shop-0', id: 8, note: 'n8' },
    ]);
    expect(found.get(keyOf(PROBES, { tenant_id: 'shop-0', id: 8 }))?.note).toBe('n8');
  });

  it('probes the primary key once per key, never scanning the table, whatever the planner thinks of the key list', async () => {
    let sql = '';
    let bindings: Knex.RawBinding[] = [];
    const keys = [
      { tenant_id: 'shop-1', id: 11 },
      { tenant_id: 'shop-0', id: 12 },
    ];
    await database.db.transaction(async (trx) => {
      trx.on('query', (query: { sql: string; bindings: Knex.RawBinding[] }) => {
        if (query.sql.includes('row_batch_probe')) ({ sql, bindings } = query);
      });
      await readRows(trx, PROBES, keys);
    });
    const plan = (await database.db.raw<{ rows: { 'QUERY PLAN': string }[] }>(`EXPLAIN ${sql.replace(/\$1/g, '?')}`, bindings)).rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using row_batch_probe_pkey/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it('is planned afresh, never kept as a prepared plan that scanned the table while it was small', async () => {
    // A small table's plan is a sequential scan; kept as a prepared statement's generic plan, it
    // would go on scanning the table as it grows, until its next ANALYZE.
    const prepared = await database.db.transaction(async (trx) => {
      for (let i = 0; i < 8; i++) await readRows(trx, PROBES, [{ tenant_id: 'shop-1', id: i }]);
      return (await trx.raw<{ rows: { n: number }[] }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE '%row_batch_probe%'")).rows[0]!.n;
    });
    expect(prepared).toBe(0);
  });

  it('writes changed rows back with one upsert', async () => {
    await database.db.transaction((trx) => upsertRows(trx, PROBES, [{ tenant_id: 'shop-1', id: 7, note: 'changed' }, { tenant_id: 'shop-9', id: 1, note: 'new' }]));
    const rows = await database.db('row_batch_probe').whereIn(['tenant_id', 'id'], [['shop-1', 7], ['shop-9', 1]]).orderBy('tenant_id');
    expect(rows).toEqual([
      { tenant_id: 'shop-1', id: 7, note: 'changed' },
      { tenant_id: 'shop-9', id: 1, note: 'new' },
    ]);
  });
});
