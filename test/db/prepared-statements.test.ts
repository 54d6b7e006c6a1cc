import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, type Knex } from '../../server/src/db/knex';
import { isStalePlan, isStoreFunctionCall, PREPARED, StatementNamer } from '../../server/src/db/prepared-statements';
import { isTransientDatabaseError } from '../../server/src/projector/parking';
import { createTestDatabase, type TestDatabase } from '../support/database';

const call = (n: number) => `SELECT * FROM ordercast_f${'x'.repeat(n)}($1)`;

describe('statement names', () => {
  it('names only calls of the store functions: a statement over a table may get a generic plan that suits no argument', () => {
    expect(isStoreFunctionCall('SELECT * FROM ordercast_append($1, $2::text[])')).toBe(true);
    expect(isStoreFunctionCall('SELECT global_position, data FROM ordercast_read_log($1::xid8, $2::bigint, $3::text[], $4) AS events')).toBe(true);
    // Prepared, this one became a sequential scan of the whole log after five runs.
    expect(isStoreFunctionCall('SELECT EXISTS (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)) AS held')).toBe(false);
    expect(isStoreFunctionCall('select * from "orders" where "tenant_id" = $1')).toBe(false);
    expect(isStoreFunctionCall('SELECT * FROM ordercast_f($1) f JOIN orders o ON o.id = f.id')).toBe(false);
    expect(new StatementNamer().nameFor({}, 'select * from "orders" where "tenant_id" = $1')).toBeUndefined();
  });

  it('names a statement over a table when its caller asks for it', () => {
    const namer = new StatementNamer();
    expect(namer.nameFor({}, 'select * from "orders" where "tenant_id" = $1', true)).toMatch(/^oc_/);
  });

  it('gives a text one name on every connection, and none past the bounds per process and per connection', () => {
    const namer = new StatementNamer(3, 2);
    const [a, b] = [{}, {}];
    const first = namer.nameFor(a, call(1));
    expect(first).toMatch(/^oc_/);
    expect(namer.nameFor(a, call(1))).toBe(first);
    expect(namer.nameFor(b, call(1))).toBe(first);
    expect(namer.nameFor(a, call(2))).not.toBe(first);
    // Connection a holds two names: a third text goes unnamed there, but not on b.
    expect(namer.nameFor(a, call(3))).toBeUndefined();
    expect(namer.nameFor(b, call(3))).toMatch(/^oc_/);
    // Three texts named in the process: a fourth goes unnamed everywhere.
    expect(namer.nameFor({}, call(4))).toBeUndefined();
  });

  it('renames a stale text on its connection only', () => {
    const namer = new StatementNamer();
    const [a, b] = [{}, {}];
    const name = namer.nameFor(a, call(1))!;
    namer.renameStale(a, call(1));
    expect(namer.nameFor(a, call(1))).not.toBe(name);
    expect(namer.nameFor(b, call(1))).toBe(name);
  });
});

describe('prepared statements on PostgreSQL', () => {
  let database: TestDatabase;
  let db: Knex;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so every statement below meets what the ones before it prepared.
    db = createKnex(database.url, 1);
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  const prepared = async () =>
    (await db.raw<{ rows: { name: string; statement: string }[] }>("SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'oc\\_%'")).rows;

  /** A store-style function of the shape a migration may give it: its result columns `a` alone, or `a` and `b`. */
  const storeFunction = async (name: string, withB: boolean) => {
    await db.raw(`DROP FUNCTION IF EXISTS ordercast_test_${name}(int)`);
    await db.raw(
      `CREATE FUNCTION ordercast_test_${name}(p_id int) RETURNS TABLE (id int, a text${withB ? ', b text' : ''}) LANGUAGE sql STABLE
         AS $$ SELECT p_id, 'x'${withB ? ", 'y'" : ''} $$`,
    );
    return `SELECT * FROM ordercast_test_${name}(?)`;
  };

  it('prepares a store function call once per connection and runs it again by name; other statements stay unnamed', async () => {
    const text = await storeFunction('named', false);
    await db.raw(text, [1]);
    await db.raw(text, [2]);
    await db.raw('SELECT count(*) FROM events WHERE tenant_id = ?', ['shop-a']);
    const named = await prepared();
    expect(named.filter((s) => s.statement.includes('ordercast_test_named($1)'))).toHaveLength(1);
    expect(named.some((s) => s.statement.includes('FROM events'))).toBe(false);
  });

  it('prepares a statement over a table that asks for it (knex options), and runs it by its plan: the same rows, the option not sent on', async () => {
    await db.raw('CREATE TABLE prepared_probe (tenant_id text, id int, note text, PRIMARY KEY (tenant_id, id))');
    await db('prepared_probe').insert([
      { tenant_id: 'shop-a', id: 1, note: 'a1' },
      { tenant_id: 'shop-b', id: 1, note: 'b1' },
    ]);
    const read = (tenantId: string) => db('prepared_probe').where({ tenant_id: tenantId, id: 1 }).options(PREPARED).first('note');
    // Past the five custom plans, after which PostgreSQL may settle on the generic one.
    for (let i = 0; i < 7; i++) expect(await read(i % 2 === 0 ? 'shop-a' : 'shop-b')).toEqual({ note: i % 2 === 0 ? 'a1' : 'b1' });
    expect(await read('shop-c')).toBeUndefined();
    const named = await prepared();
    expect(named.filter((s) => s.statement.includes('prepared_probe'))).toHaveLength(1);
    // Without the option the same kind of statement stays unnamed.
    await db('prepared_probe').where({ tenant_id: 'shop-a' }).first('id');
    expect((await prepared()).filter((s) => s.statement.includes('prepared_probe'))).toHaveLength(1);
  });

  it('survives a function whose result changed shape under a prepared call (a migration from another node): the statement is parsed afresh', async () => {
    const text = await storeFunction('reshaped', false);
    const read = async () => (await db.raw<{ rows: unknown[] }>(text, [1])).rows[0];
    expect(await read()).toEqual({ id: 1, a: 'x' });
    await storeFunction('reshaped', true);
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
  });

  it('in a transaction, fails that transaction once with an error followers retry (never park), and the next one reads the new shape', async () => {
    const text = await storeFunction('reshaped_in_trx', false);
    const read = () => db.transaction(async (trx) => (await trx.raw<{ rows: unknown[] }>(text, [1])).rows[0]);
    expect(await read()).toEqual({ id: 1, a: 'x' });
    await storeFunction('reshaped_in_trx', true);
    const failure = await read().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStalePlan(failure)).toBe(true);
    expect(isTransientDatabaseError(failure)).toBe(true);
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
  });
});
