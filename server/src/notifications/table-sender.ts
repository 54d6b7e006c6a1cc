import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { AddressedMessage } from './outbox';
import type { DatabaseNotificationSender } from './sender';
import { renderNotification } from './templates';

/** The default sender (the seeds mock e-mail): the `notifications` table, and a log line once it is committed. */
export class TableNotificationSender implements DatabaseNotificationSender {
  constructor(private readonly logger: Logger) {}

  send(message: AddressedMessage, trx: Knex.Transaction): Promise<void> {
    return this.sendAll([message], trx);
  }

  async sendAll(messages: readonly AddressedMessage[], trx: Knex.Transaction): Promise<void> {
    await trx('notifications').insert(messages.map(toRow));
    trx.executionPromise.then(
      () => {
        for (const message of messages) this.logger.info({ notificationId: message.id, orderId: message.orderId, kind: message.kind }, 'notification sent');
      },
      () => {},
    );
  }
}

function toRow(message: AddressedMessage) {
  const { subject, body } = renderNotification(message);
  return {
    id: message.id,
    tenant_id: message.tenantId,
    order_id: message.orderId,
    kind: message.kind,
    event_position: message.eventPosition,
    recipient: message.recipient,
    subject,
    body,
    data: JSON.stringify(message.data),
    created_at: message.createdAt,
  };
}
