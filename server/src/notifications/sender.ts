import type { Knex } from 'knex';
import type { AddressedMessage } from './outbox';

/**
 * Delivers one notification by writing to this database. `trx` is the short transaction that
 * marks the outbox row dispatched: the notification and the mark commit together, so it is sent
 * exactly once. Throwing means "not delivered": the dispatcher retries with backoff.
 */
export interface DatabaseNotificationSender {
  external?: false;
  send(message: AddressedMessage, trx: Knex.Transaction): Promise<void>;
  /**
   * Delivers several in one write, all or none, in the transaction that marks their rows. The
   * dispatcher uses it for a claimed batch (a statement for the batch instead of one a message);
   * when it throws, the batch is delivered message by message, so one bad message holds back no
   * other.
   */
  sendAll?(messages: readonly AddressedMessage[], trx: Knex.Transaction): Promise<void>;
}

/**
 * Delivers one notification to another system (mail, SMS). It runs outside any transaction, under
 * the lease of the dispatcher's claim, so a slow provider holds no lock and no connection: delivery
 * is at least once, so pass `message.id` on as an idempotency key (a send whose mark is lost is
 * offered again). Throwing means "not delivered": the dispatcher retries with backoff.
 */
export interface ExternalNotificationSender {
  external: true;
  send(message: AddressedMessage): Promise<void>;
}

export type NotificationSender = DatabaseNotificationSender | ExternalNotificationSender;
