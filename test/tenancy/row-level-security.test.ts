import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, type Knex } from '../../server/src/db/knex';
import { TENANT_ROLE, withTenant } from '../../server/src/db/tenant-scope';
import { EventStore } from '../../server/src/eventstore/event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  for (const tenantId of ['shop-a', 'shop-b']) {
    await store.append({ streamId: 'order-1', streamType: 'Order', expectedVersion: 0, events: [{ type: 'OrderCreated', data: { shop: tenantId } }] }, { tenantId });
  }
});

afterAll(async () => {
  await database.drop();
});

describe('row-level security on the shop tables', () => {
  it('protects every table with a tenant_id column with a policy for the restricted role', async () => {
    const { rows } = await database.db.raw<{ rows: { table_name: string; rls: boolean; policies: number; can_select: boolean }[] }>(
      `SELECT c.relname AS table_name, c.relrowsecurity AS rls,
              (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int AS policies,
              has_table_privilege(?, c.oid, 'SELECT') AS can_select
         FROM information_schema.columns col
         JOIN pg_class c ON c.relname = col.table_name AND c.relnamespace = 'public'::regnamespace
        WHERE col.table_schema = 'public' AND col.column_name = 'tenant_id' AND c.relkind = 'r'
        ORDER BY 1`,
      [TENANT_ROLE],
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['events', 'orders', 'inventory_stock_levels', 'payments', 'shipments', 'order_history']));
    // Payment tokens are the server's own business: the request role may not read them at all.
    const notForRequests = ['payment_token_vault'];
    const unprotected = rows.filter((r) => !r.rls || r.policies === 0 || (!r.can_select && !notForRequests.includes(r.table_name))).map((r) => r.table_name);
    expect(unprotected).toEqual([]);
    expect(rows.filter((r) => notForRequests.includes(r.table_name)).map((r) => r.can_select)).toEqual([false]);
  });

  it('shows a query without any WHERE clause only the rows of the shop it runs for', async () => {
    const a = await withTenant(database.db, 'shop-a', async (trx) => (await trx.raw('SELECT tenant_id, data FROM events')).rows);
    expect(a).toEqual([{ tenant_id: 'shop-a', data: { shop: 'shop-a' } }]);
    const b = await withTenant(database.db, 'shop-b', async (trx) => (await trx.raw('SELECT tenant_id FROM events')).rows);
    expect(b).toEqual([{ tenant_id: 'shop-b' }]);
  });

  it('shows nothing as the restricted role when no shop is set', async () => {
    const rows = await database.db.transaction(async (trx) => {
      await trx.raw(`SET LOCAL ROLE ${TENANT_ROLE}`);
      return (await trx.raw('SELECT * FROM events')).rows;
    });
    expect(rows).toEqual([]);
    expect(await withTenant(database.db, 'no-such-shop', async (trx) => (await trx.raw('SELECT * FROM events')).rows)).toEqual([]);
  });

  it('lets the restricted role read and nothing else', async () => {
    await expect(
      withTenant(database.db, 'shop-a', (trx) =>
        trx.raw(`INSERT INTO events (tenant_id, stream_id, stream_type, stream_version, event_type, data) VALUES ('shop-a', 'x', 'X', 1, 'Sneaked', '{}')`),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(withTenant(database.db, 'shop-a', (trx) => trx.raw('SELECT * FROM projection_checkpoints'))).rejects.toThrow(/permission denied/);
  });

  it("leaves the app's own role (projector, process managers) seeing every shop", async () => {
    const tenants = (await database.db('events').distinct('tenant_id').orderBy('tenant_id').pluck('tenant_id')) as string[];
    expect(tenants).toEqual(['shop-a', 'shop-b']);
  });

  it('hands the pooled connection back as the app role with no shop set, also after a failed read', async () => {
    const single: Knex = createKnex(database.url, 1);
    try {
      const inside = await withTenant(single, 'shop-a', async (trx) => (await trx.raw('SELECT current_user AS who, current_setting(?, true) AS shop', ['ordercast.tenant_id'])).rows[0]);
      expect(inside).toEqual({ who: TENANT_ROLE, shop: 'shop-a' });
      await expect(withTenant(single, 'shop-b', (trx) => trx.raw('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      const after = (await single.raw("SELECT current_user AS who, coalesce(current_setting('ordercast.tenant_id', true), '') AS shop")).rows[0];
      expect(after.who).not.toBe(TENANT_ROLE);
      expect(after.shop).toBe('');
      expect((await single('events').count<{ count: number }[]>({ count: '*' }))[0]!.count).toBe(2);
    } finally {
      await single.destroy();
    }
  });

  it('keeps request reads confined when one reader connection serves shop after shop, also after a failed read', async () => {
    const single: Knex = createKnex(database.url, 1);
    const shopsSeen = (shop: string) =>
      withTenant(single, shop, async (trx) => (await trx('events').distinct('tenant_id').pluck('tenant_id')) as string[]);
    try {
      for (const shop of ['shop-a', 'shop-b', 'shop-b', 'shop-a']) expect(await shopsSeen(shop)).toEqual([shop]);
      await expect(withTenant(single, 'shop-b', (trx) => trx.raw('SELECT 1/0'))).rejects.toThrow(/division by zero/);
      expect(await shopsSeen('shop-a')).toEqual(['shop-a']);
      await expect(withTenant(single, 'shop-a', (trx) => trx.raw('INSERT INTO projection_checkpoints (name) VALUES (?)', ['x']))).rejects.toThrow(/permission denied/);
      expect(await shopsSeen('shop-b')).toEqual(['shop-b']);
    } finally {
      await single.destroy();
    }
  });

  it('refuses an event appended without a shop instead of filing it under a default one', async () => {
    await expect(
      database.db.raw(`INSERT INTO events (stream_id, stream_type, stream_version, event_type, data) VALUES ('y', 'Y', 1, 'Orphaned', '{}')`),
    ).rejects.toThrow(/tenant_id/);
  });
});
