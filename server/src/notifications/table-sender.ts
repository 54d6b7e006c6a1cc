import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { AddressedMessage } from './outbox';
import type { DatabaseNotificationSender } from './sender';
import { renderNotification } from './templates';

/** The default sender (the seeds mock e-mail): the `notifications` table, and a log line once it is committed. */
export class TableNotificationSender implements DatabaseNotificationSender {
  constructor(private readonly logger: Logger) {}

  async send(message: AddressedMessage, trx: Knex.Transaction): Promise<void> {
    const { subject, body } = renderNotification(message);
    const { recipient } = message;
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
      () => this.logger.info({ notificationId: message.id, orderId: message.orderId, kind: message.kind }, 'notification sent'),
      () => {},
    );
  }
}
