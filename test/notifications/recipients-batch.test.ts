import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { OutboxMessage } from '../../server/src/notifications/outbox';
import { RecipientNotFoundError, recipientsOf } from '../../server/src/notifications/recipients';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let store: EventStore;
beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

/** An order created for `customerId` (none when undefined) in `shop`. */
async function order(shop: string, customerId?: string): Promise<string> {
  const orderId = newId();
  await store.append({ streamId: `order-${orderId}`, streamType: 'Order', expectedVersion: 0, events: [{ type: 'OrderCreated', data: { orderId, ...(customerId ? { customerId } : {}) } }] }, { tenantId: shop });
  return orderId;
}

/** An account registered in the log; with `email`, its read row too (without, its row is still to come). */
async function account(shop: string, email?: string): Promise<string> {
  const userId = newId();
  await store.append({ streamId: `user-${userId}`, streamType: 'User', expectedVersion: 0, events: [{ type: 'UserRegistered', data: { userId } }] }, { tenantId: shop });
  if (email) await database.db('users').insert({ tenant_id: shop, id: userId, email, name: email, role: 'CUSTOMER', created_at: new Date() });
  return userId;
}

const aboutOrder = (shop: string, orderId: string): OutboxMessage => ({
  id: newId(),
  tenantId: shop,
  orderId,
  kind: 'ORDER_PLACED',
  eventPosition: 1,
  data: { eventType: 'OrderPlaced' },
  createdAt: new Date(),
  attempts: 0,
});
const aboutAccount = (shop: string, userId: string): OutboxMessage => ({ ...aboutOrder(shop, ''), orderId: null, kind: 'PASSWORD_RESET', data: { eventType: 'PasswordResetRequested', userId } });

describe('the recipients of a batch of notifications', () => {
  it('are read with one statement, whatever the batch holds, each by the rules of its kind and shop', async () => {
    const ada = await account('shop-a', 'ada@example.com');
    const pending = await account('shop-a');
    const bea = await account('shop-b', 'bea@example.com');
    const messages = [
      aboutOrder('shop-a', await order('shop-a', ada)),
      aboutOrder('shop-a', await order('shop-a', pending)),
      aboutOrder('shop-a', await order('shop-a')),
      aboutOrder('shop-a', await order('shop-a', 'not-a-uuid')),
      aboutOrder('shop-a', await order('shop-a', newId())),
      // Bea's account is in shop B: an order of shop A naming her has a customer without an account there.
      aboutOrder('shop-a', await order('shop-a', bea)),
      aboutOrder('shop-b', await order('shop-b', bea)),
      aboutAccount('shop-a', ada),
      aboutAccount('shop-a', pending),
      aboutAccount('shop-a', 'not-a-uuid'),
    ];
    // The appends' NOTIFY is sent now, not while the statements are counted.
    await store.announcer.flush();
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    database.db.on('query', onQuery);
    const answers = await recipientsOf(database.db, messages).finally(() => database.db.off('query', onQuery));

    expect(statements).toHaveLength(1);
    const placeholder = (m: OutboxMessage) => `customer-of-order:${m.orderId}`;
    const answered = messages.map((m) => answers.get(m.id));
    expect(answered.slice(0, 7)).toEqual([
      'ada@example.com',
      expect.any(RecipientNotFoundError), // registered, read row still to come: retried
      placeholder(messages[2]!),
      placeholder(messages[3]!),
      placeholder(messages[4]!), // never registered
      placeholder(messages[5]!),
      'bea@example.com',
    ]);
    expect(answered[7]).toBe('ada@example.com');
    expect(answered[8]).toBeInstanceOf(RecipientNotFoundError);
    expect(answered[9]).toBeInstanceOf(RecipientNotFoundError);
  });

  it('cost one statement for messages about accounts only, none for an empty batch', async () => {
    const ada = await account('shop-c', 'ada.c@example.com');
    await store.announcer.flush();
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    database.db.on('query', onQuery);
    try {
      const message = aboutAccount('shop-c', ada);
      expect((await recipientsOf(database.db, [message])).get(message.id)).toBe('ada.c@example.com');
      expect((await recipientsOf(database.db, [])).size).toBe(0);
    } finally {
      database.db.off('query', onQuery);
    }
    expect(statements).toHaveLength(1);
  });
});
