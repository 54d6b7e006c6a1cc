import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, type Knex } from '../../server/src/db/knex';
import { isStalePlan, StatementNamer } from '../../server/src/db/prepared-statements';
import { isTransientDatabaseError } from '../../server/src/projector/parking';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('statement names', () => {
  it('gives a text one name on every connection, and none past the bounds per process and per connection', () => {
    const namer = new StatementNamer(3, 2);
    const [a, b] = [{}, {}];
    const first = namer.nameFor(a, 'SELECT $1');
    expect(first).toMatch(/^oc_/);
    expect(namer.nameFor(a, 'SELECT $1')).toBe(first);
    expect(namer.nameFor(b, 'SELECT $1')).toBe(first);
    expect(namer.nameFor(a, 'SELECT $1, $2')).not.toBe(first);
    // Connection a holds two names: a third text goes unnamed there, but not on b.
    expect(namer.nameFor(a, 'SELECT $1, $2, $3')).toBeUndefined();
    expect(namer.nameFor(b, 'SELECT $1, $2, $3')).toMatch(/^oc_/);
    // Three texts named in the process: a fourth goes unnamed everywhere.
    expect(namer.nameFor({}, 'SELECT 4, $1')).toBeUndefined();
  });

  it('renames a stale text on its connection only', () => {
    const namer = new StatementNamer();
    const [a, b] = [{}, {}];
    const name = namer.nameFor(a, 'SELECT * FROM t WHERE id = $1')!;
    namer.renameStale(a, 'SELECT * FROM t WHERE id = $1');
    expect(namer.nameFor(a, 'SELECT * FROM t WHERE id = $1')).not.toBe(name);
    expect(namer.nameFor(b, 'SELECT * FROM t WHERE id = $1')).toBe(name);
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

  it('prepares a parameterized statement once per connection and runs it again by name; plain statements stay unnamed', async () => {
    const text = 'SELECT count(*)::int AS n FROM events WHERE tenant_id = ?';
    await db.raw(text, ['shop-a']);
    await db.raw(text, ['shop-b']);
    await db.raw('SELECT 1');
    const named = await prepared();
    expect(named.filter((s) => s.statement.includes('FROM events WHERE tenant_id = $1'))).toHaveLength(1);
    expect(named.some((s) => s.statement === 'SELECT 1')).toBe(false);
  });

  it('survives a table changing shape under a prepared SELECT * (a migration from another node): the statement is parsed afresh', async () => {
    await db.raw('CREATE TABLE reshaped (id int PRIMARY KEY, a text)');
    await db.raw("INSERT INTO reshaped VALUES (1, 'x')");
    const read = () => db('reshaped').where({ id: 1 }).first();
    expect(await read()).toEqual({ id: 1, a: 'x' });
    await db.raw("ALTER TABLE reshaped ADD COLUMN b text NOT NULL DEFAULT 'y'");
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
  });

  it('in a transaction, fails that transaction once with an error followers retry (never park), and the next one reads the new shape', async () => {
    await db.raw('CREATE TABLE reshaped_in_trx (id int PRIMARY KEY, a text)');
    await db.raw("INSERT INTO reshaped_in_trx VALUES (1, 'x')");
    const read = () => db.transaction((trx) => trx('reshaped_in_trx').where({ id: 1 }).first());
    expect(await read()).toEqual({ id: 1, a: 'x' });
    await db.raw("ALTER TABLE reshaped_in_trx ADD COLUMN b text NOT NULL DEFAULT 'y'");
    const failure = await read().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStalePlan(failure)).toBe(true);
    expect(isTransientDatabaseError(failure)).toBe(true);
    expect(await read()).toEqual({ id: 1, a: 'x', b: 'y' });
  });
});
