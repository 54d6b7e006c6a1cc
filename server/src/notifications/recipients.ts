import type { Knex } from 'knex';
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
 * costs one statement.
 */
export async function recipientsOf(db: Knex | Knex.Transaction, messages: readonly OutboxMessage[]): Promise<Map<string, string | RecipientNotFoundError>> {
  const answers = new Map<string, string | RecipientNotFoundError>();
  if (messages.length === 0) return answers;
  const accounts = await accountsOf(db, messages);
  messages.forEach((message, i) => answers.set(message.id, recipient(message, accounts[i]!)));
  return answers;
}

function recipient(message: OutboxMessage, { userId, account }: { userId: string | undefined; account: Account | undefined }): string | RecipientNotFoundError {
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

/**
 * For each message, the account it goes to: the one it names (about an account), or the customer
 * its order was created for (none for an order created without one); and that account's read row
 * and whether it was ever registered (its stream's first event), from the log: a customer without
 * one (a token minted for no account) gets the mailbox placeholder, while an account whose read
 * row is still to come is retried rather than mis-sent. users.id is a uuid: an id that is not one
 * has no row and no account (and must not make the statement fail).
 */
async function accountsOf(db: Knex | Knex.Transaction, messages: readonly OutboxMessage[]): Promise<{ userId: string | undefined; account: Account | undefined }[]> {
  // '' for none: the arrays are of text.
  const named = messages.map((m) => (isAccountNotification(m.kind) && typeof m.data.userId === 'string' ? m.data.userId : ''));
  const { rows } = await db
    .raw<{ rows: { i: string; user_id: string | null; has_row: boolean; email: string | null; registered: boolean | null }[] }>(
      `WITH asked AS (
         SELECT k.i, k.tenant_id, COALESCE(NULLIF(k.user_id, ''), o.customer_id) AS user_id
           FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS k(tenant_id, order_stream_id, user_id, i)
           LEFT JOIN LATERAL (
             SELECT e.data->>'customerId' AS customer_id FROM events e
              WHERE k.order_stream_id <> '' AND e.tenant_id = k.tenant_id AND e.stream_id = k.order_stream_id AND e.event_type = 'OrderCreated' AND jsonb_typeof(e.data->'customerId') = 'string'
              LIMIT 1) o ON true),
       accounts AS (
         SELECT a.*, CASE WHEN a.user_id ~* '${uuidPattern.source}' THEN a.user_id::uuid END AS account_id FROM asked a)
       SELECT a.i, a.user_id, u.tenant_id IS NOT NULL AS has_row, u.email,
              CASE WHEN a.account_id IS NOT NULL AND u.tenant_id IS NULL
                   -- The account's stream, as userStreamId names it.
                   THEN EXISTS (SELECT 1 FROM events e WHERE e.tenant_id = a.tenant_id AND e.stream_id = 'user-' || a.user_id AND e.stream_version = 1) END AS registered
         FROM accounts a
         LEFT JOIN users u ON u.tenant_id = a.tenant_id AND u.id = a.account_id`,
      [messages.map((m) => m.tenantId), messages.map((m, i) => (named[i] === '' && m.orderId ? orderStreamId(m.orderId) : '')), named],
    )
    .options(PREPARED);
  const found: { userId: string | undefined; account: Account | undefined }[] = messages.map(() => ({ userId: undefined, account: undefined }));
  for (const row of rows) {
    const userId = row.user_id ?? undefined;
    const isAccount = userId !== undefined && uuidPattern.test(userId);
    found[Number(row.i) - 1] = { userId, account: isAccount ? { row: row.has_row ? { email: row.email } : undefined, registered: row.has_row || row.registered === true } : undefined };
  }
  return found;
}
