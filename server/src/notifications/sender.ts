import type { Knex } from 'knex';
import type { OutboxMessage } from './outbox';

/**
 * Delivers one notification. `trx` is the transaction that marks the outbox row dispatched: a
 * sender writing to this database writes through it, so the notification and the mark commit
 * together and it is sent exactly once. A sender to another system cannot join the transaction:
 * it should pass `message.id` on as an idempotency key (the message may be offered again when the
 * mark fails to commit). Throwing means "not delivered": the dispatcher retries with backoff.
 */
export interface NotificationSender {
  send(message: OutboxMessage, trx: Knex.Transaction): Promise<void>;
}
