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

/**
 * Where a message goes, read when it is sent rather than when it was queued, so an email changed
 * in between is the one used: the email, in the projected `users` table, of the account the
 * message is about, or of the account the order belongs to (named by its OrderCreated, which is
 * in the log before any message about the order is).
 */
export async function recipientOf(db: Knex | Knex.Transaction, message: OutboxMessage): Promise<string> {
  if (isAccountNotification(message.kind)) {
    const userId = message.data.userId;
    const account = typeof userId === 'string' ? await accountOf(db, message.tenantId, userId) : undefined;
    if (!account) throw new RecipientNotFoundError(`account ${String(userId)} of message ${message.id} is not in the users table`);
    // An erased account has no address left: the message has nowhere to go.
    if (account.email === null) throw new RecipientNotFoundError(`account ${String(userId)} of message ${message.id} has no email`);
    return account.email;
  }
  const orderId = message.orderId!;
  const customerId = await customerOf(db, message.tenantId, orderId);
  const account = customerId ? await accountOf(db, message.tenantId, customerId) : undefined;
  if (account?.email) return account.email;
  // No account (or an erased one, whose email is gone): the mailbox keeps the message under the order.
  if (account || !customerId || !(await accountExists(db, message.tenantId, customerId))) return orderWithoutAccount(orderId);
  throw new RecipientNotFoundError(`customer ${customerId} of order ${orderId} is not in the users table yet`);
}

async function customerOf(db: Knex | Knex.Transaction, tenantId: string, orderId: string): Promise<string | undefined> {
  const created = await db('events').where({ tenant_id: tenantId, stream_id: orderStreamId(orderId), event_type: 'OrderCreated' }).options(PREPARED).first<{ data: { customerId?: unknown } } | undefined>('data');
  const customerId = created?.data.customerId;
  return typeof customerId === 'string' ? customerId : undefined;
}

async function accountOf(db: Knex | Knex.Transaction, tenantId: string, userId: string): Promise<{ email: string | null } | undefined> {
  // users.id is a uuid: an id that is not one has no row (and must not make the query fail).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return undefined;
  return db('users').where({ tenant_id: tenantId, id: userId }).options(PREPARED).first<{ email: string | null } | undefined>('email');
}

/**
 * Whether the account was ever registered, from the log: a customer without one (a token minted
 * for no account) gets the mailbox placeholder, while an account whose read row is still to come
 * is retried rather than mis-sent.
 */
async function accountExists(db: Knex | Knex.Transaction, tenantId: string, userId: string): Promise<boolean> {
  const registered = await db('events').where({ tenant_id: tenantId, stream_id: userStreamId(userId), stream_version: 1 }).first('global_position');
  return registered !== undefined;
}
