import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { LOG_START } from '../../server/src/eventstore/types';
import { DataKeys } from '../../server/src/privacy/data-keys';
import { ERASED } from '../../server/src/privacy/envelope';
import { usePersonalDataCodec } from '../../server/src/privacy/module';
import type { PersonalDataPolicy } from '../../server/src/privacy/personal-fields';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

const policy: PersonalDataPolicy = {
  Registered: { subject: (data) => data.userId as string, fields: ['email', 'name'] },
};

let database: TestDatabase;
let store: EventStore;
let keys: DataKeys;
const kek = randomBytes(32);

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
  keys = usePersonalDataCodec(store, database.db, kek, policy);
});
afterAll(() => database.drop());

async function register(tenantId: string, userId: string, email: string, name: string) {
  await store.append({ streamId: `u-${userId}`, streamType: 'U', expectedVersion: 0, events: [{ type: 'Registered', data: { userId, email, name, role: 'CUSTOMER' } }] }, { tenantId });
}

const storedData = async (streamId: string) => (await database.db('events').where({ stream_id: streamId }).select('data')).map((row) => row.data as Record<string, unknown>);

describe('personal data in events', () => {
  it('is stored encrypted per field (AES-GCM envelope naming the person), other fields as written, and read back in plaintext', async () => {
    const userId = newId();
    await register('demo', userId, 'lin@example.com', 'Lin Codec');
    const [stored] = await storedData(`u-${userId}`);
    expect(JSON.stringify(stored)).not.toContain('lin@example.com');
    expect(JSON.stringify(stored)).not.toContain('Lin Codec');
    expect(stored).toMatchObject({ userId, role: 'CUSTOMER', email: { enc: 'v1', key: userId, iv: expect.any(String), tag: expect.any(String), data: expect.any(String) } });
    // A random IV per field: the same person's two fields never share one.
    expect((stored!.email as { iv: string }).iv).not.toBe((stored!.name as { iv: string }).iv);

    const [event] = await store.readStream(`u-${userId}`, { tenantId: 'demo' });
    expect(event!.data).toEqual({ userId, email: 'lin@example.com', name: 'Lin Codec', role: 'CUSTOMER' });
    const fromLog = (await store.readAll({ after: LOG_START, limit: 1000 })).find((e) => e.streamId === `u-${userId}`);
    expect(fromLog!.data).toMatchObject({ email: 'lin@example.com' });
    expect((await store.eventAt(event!.position))!.data).toMatchObject({ name: 'Lin Codec' });
  });

  it('reads [erased] where the data was once the key is erased, in this process and in one that never cached the key', async () => {
    const userId = newId();
    await register('demo', userId, 'mo@example.com', 'Mo Erasable');
    expect((await store.readStream(`u-${userId}`, { tenantId: 'demo' }))[0]!.data).toMatchObject({ email: 'mo@example.com' });
    await keys.erase('demo', userId);
    expect((await store.readStream(`u-${userId}`, { tenantId: 'demo' }))[0]!.data).toEqual({ userId, email: ERASED, name: ERASED, role: 'CUSTOMER' });

    const elsewhere = new EventStore(database.db);
    usePersonalDataCodec(elsewhere, database.db, kek, policy);
    expect((await elsewhere.readStream(`u-${userId}`, { tenantId: 'demo' }))[0]!.data).toMatchObject({ email: ERASED, name: ERASED });
    const { rows } = await database.db.raw('SELECT wrapped_key, erased_at FROM customer_data_keys WHERE subject_id = ?', [userId]);
    expect(rows).toEqual([{ wrapped_key: null, erased_at: expect.any(Date) }]);
  });

  it('redacts plaintext written before encryption once its person is erased, and keeps it readable until then', async () => {
    const userId = newId();
    const plain = new EventStore(database.db);
    await plain.append({ streamId: `u-${userId}`, streamType: 'U', expectedVersion: 0, events: [{ type: 'Registered', data: { userId, email: 'old@example.com', name: 'Old Plain' } }] }, { tenantId: 'demo' });
    expect((await store.readStream(`u-${userId}`, { tenantId: 'demo' }))[0]!.data).toMatchObject({ email: 'old@example.com' });
    await keys.erase('demo', userId);
    expect((await store.readStream(`u-${userId}`, { tenantId: 'demo' }))[0]!.data).toMatchObject({ email: ERASED, name: ERASED });
  });

  it('keeps people and shops apart: a key opens only its own person in its own shop, and an erased person gets nothing new encrypted', async () => {
    const userId = newId();
    await register('shop-a', userId, 'a@example.com', 'In Shop A');
    await register('shop-b', userId, 'b@example.com', 'In Shop B');
    const { rows } = await database.db.raw<{ rows: { tenant_id: string }[] }>('SELECT tenant_id FROM customer_data_keys WHERE subject_id = ? ORDER BY 1', [userId]);
    expect(rows.map((r) => r.tenant_id)).toEqual(['shop-a', 'shop-b']);
    await keys.erase('shop-a', userId);
    expect((await store.readStream(`u-${userId}`, { tenantId: 'shop-a' }))[0]!.data).toMatchObject({ email: ERASED });
    expect((await store.readStream(`u-${userId}`, { tenantId: 'shop-b' }))[0]!.data).toMatchObject({ email: 'b@example.com' });

    await store.append({ streamId: `u2-${userId}`, streamType: 'U', expectedVersion: 0, events: [{ type: 'Registered', data: { userId, email: 'again@example.com', name: 'Again' } }] }, { tenantId: 'shop-a' });
    const [stored] = await storedData(`u2-${userId}`);
    expect(stored).toMatchObject({ email: ERASED, name: ERASED });
  });

  it('refuses an envelope moved into another shop (the shop is authenticated with the data)', async () => {
    const userId = newId();
    await register('shop-c', userId, 'c@example.com', 'In Shop C');
    await keys.keyFor('shop-d', userId);
    const [stored] = await storedData(`u-${userId}`);
    await new EventStore(database.db).append({ streamId: `moved-${userId}`, streamType: 'U', expectedVersion: 0, events: [{ type: 'Registered', data: { userId, email: stored!.email } }] }, { tenantId: 'shop-d' });
    await expect(store.readStream(`moved-${userId}`, { tenantId: 'shop-d' })).rejects.toThrow(/authenticate/);
  });
});
