import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { OutboxMessage } from './outbox';
import type { DatabaseNotificationSender } from './sender';
import { renderNotification } from './templates';

/** Who gets it: there are no customer accounts yet, so the mock mailbox is addressed by order. */
export const recipientFor = (orderId: string) => `customer-of-order:${orderId}`;

/** The default sender (the seeds mock e-mail): the `notifications` table, and a log line once it is committed. */
export class TableNotificationSender implements DatabaseNotificationSender {
  constructor(private readonly logger: Logger) {}

  async send(message: OutboxMessage, trx: Knex.Transaction): Promise<void> {
    const { subject, body } = renderNotification(message.kind, message.orderId, message.data);
    const recipient = recipientFor(message.orderId);
    await trx('notifications').insert({
      id: message.id,
      tenant_id: message.tenantId,
      order_id: message.orderId,
      kind: message.kind,
      event_position: message.eventPosition,
      recipient,
      subject,
      body,
      data: JSON.stringify(message.data),
      created_at: message.createdAt,
    });
    trx.executionPromise.then(
      () => this.logger.info({ notificationId: message.id, orderId: message.orderId, kind: message.kind, recipient, subject }, 'notification sent'),
      () => {},
    );
  }
}
