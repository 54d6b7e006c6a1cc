import type { Knex } from 'knex';
import { userStreamId } from '../accounts/events';
import { orderStreamId } from '../ordering/events';
import { isAccountNotification } from './kinds';
import type { OutboxMessage } from './outbox';
import { PREPARED } from '../db/prepared-statements';

/** The mock mailbox's address for an order whose customer has no account (orders from before accounts). */
export const orderWithoutAccount = (orderId: string) => `customer-of-order:${orderId}`;

/** The recipient's account has no read row yet (a rebuild under way): the dispatcher tries again later. */
export class RecipientNotFoundError extends Error {}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What is known of an account: its read row's email (null once erased), and whether it was ever registered. */
interface Account {
  row: { email: string | null } | undefined;
  registered: boolean;
}

/**
 * Where each message goes (or why it cannot go yet), read when it is sent rather than when it was
 * queued, so an email changed in between is the one used: the email, in the projected `users`
 * table, of the account the message is about, or of the account the order belongs to (named by
 * its OrderCreated, which is in the log before any message about the order is). A whole batch
 * costs two statements at most: the orders' customers, then their accounts.
 */
export async function recipientsOf(db: Knex | Knex.Transaction, messages: readonly OutboxMessage[]): Promise<Map<string, string | RecipientNotFoundError>> {
  const orderMessages = messages.filter((m) => !isAccountNotification(m.kind));
  const customers = await customersOf(db, orderMessages);
  const userOf = (m: OutboxMessage): string | undefined => {
    if (!isAccountNotification(m.kind)) return customers.get(m.id);
    return typeof m.data.userId === 'string' ? m.data.userId : undefined;
  };
  const users = messages.map(userOf);
  const accounts = await accountsOf(db, messages.flatMap((m, i) => (users[i] === undefined ? [] : [{ tenantId: m.tenantId, userId: users[i] }])));
  const answers = new Map<string, string | RecipientNotFoundError>();
  messages.forEach((message, i) => {
    const userId = users[i];
    answers.set(message.id, recipient(message, userId, userId === undefined ? undefined : accounts.get(accountKey(message.tenantId, userId))));
  });
  return answers;
}

function recipient(message: OutboxMessage, userId: string | undefined, account: Account | undefined): string | RecipientNotFoundError {
  if (isAccountNotification(message.kind)) {
    if (!account?.row) return new RecipientNotFoundError(`account ${String(message.data.userId)} of message ${message.id} is not in the users table`);
    // An erased account has no address left: the message has nowhere to go.
    if (account.row.email === null) return new RecipientNotFoundError(`account ${String(message.data.userId)} of message ${message.id} has no email`);
    return account.row.email;
  }
  const orderId = message.orderId!;
  if (account?.row?.email) return account.row.email;
  // No account (or an erased one, whose email is gone): the mailbox keeps the message under the order.
  if (account?.row || !userId || !account?.registered) return orderWithoutAccount(orderId);
  return new RecipientNotFoundError(`customer ${userId} of order ${orderId} is not in the users table yet`);
}

/** The customer each order message's order was created for, by message id (none for an order created without one). */
async function customersOf(db: Knex | Knex.Transaction, messages: readonly OutboxMessage[]): Promise<Map<string, string>> {
  const customers = new Map<string, string>();
  if (messages.length === 0) return customers;
  const { rows } = await db
    .raw<{ rows: { i: string; customer_id: unknown }[] }>(
      `SELECT k.i, e.data->'customerId' AS customer_id
         FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(tenant_id, stream_id, i)
        CROSS JOIN LATERAL (SELECT data FROM events WHERE tenant_id = k.tenant_id AND stream_id = k.stream_id AND event_type = 'OrderCreated' LIMIT 1) e`,
      [messages.map((m) => m.tenantId), messages.map((m) => orderStreamId(m.orderId!))],
    )
    .options(PREPARED);
  for (const row of rows) if (typeof row.customer_id === 'string') customers.set(messages[Number(row.i) - 1]!.id, row.customer_id);
  return customers;
}

const accountKey = (tenantId: string, userId: string) => `${tenantId}\u0000${userId}`;

/**
 * Each account's read row and whether it was ever registered (its stream's first event), from the
 * log: a customer without one (a token minted for no account) gets the mailbox placeholder, while
 * an account whose read row is still to come is retried rather than mis-sent.
 */
async function accountsOf(db: Knex | Knex.Transaction, accounts: readonly { tenantId: string; userId: string }[]): Promise<Map<string, Account>> {
  const found = new Map<string, Account>();
  // users.id is a uuid: an id that is not one has no row and no account (and must not make the query fail).
  const asked = [...new Map(accounts.filter((a) => uuidPattern.test(a.userId)).map((a) => [accountKey(a.tenantId, a.userId), a])).values()];
  if (asked.length === 0) return found;
  const { rows } = await db
    .raw<{ rows: { i: string; has_row: boolean; email: string | null; registered: boolean | null }[] }>(
      `SELECT k.i, u.tenant_id IS NOT NULL AS has_row, u.email,
              CASE WHEN u.tenant_id IS NULL THEN EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = k.tenant_id AND e.stream_id = k.stream_id AND e.stream_version = 1) END AS registered
         FROM unnest(?::text[], ?::uuid[], ?::text[]) WITH ORDINALITY AS k(tenant_id, user_id, stream_id, i)
         LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id`,
      [asked.map((a) => a.tenantId), asked.map((a) => a.userId), asked.map((a) => userStreamId(a.userId))],
    )
    .options(PREPARED);
  for (const row of rows) {
    const { tenantId, userId } = asked[Number(row.i) - 1]!;
    found.set(accountKey(tenantId, userId), { row: row.has_row ? { email: row.email } : undefined, registered: row.has_row || row.registered === true });
  }
  return found;
}
