import type { Knex } from 'knex';
import { newId } from '../shared/ids';

/** A password-reset message for the outbox (the accounts context's PasswordResetMailer). */
export interface PasswordResetMessage {
  tenantId: string;
  userId: string;
  eventPosition: number;
  token: string;
  expiresAt: Date;
}

/**
 * Queues account messages in the caller's transaction, next to the event that asks for them, and
 * wakes the dispatcher once that commits. The token is in the outbox row (and, once sent, in the
 * mock mailbox) in clear: it is the message. It is single-use and expires, so a copy left there
 * after use or expiry opens nothing.
 */
export function passwordResetOutbox(wake: () => void) {
  return {
    async queue(trx: Knex.Transaction, message: PasswordResetMessage): Promise<void> {
      await trx('notification_outbox').insert({
        id: newId(),
        tenant_id: message.tenantId,
        order_id: null,
        kind: 'PASSWORD_RESET',
        event_position: message.eventPosition,
        data: JSON.stringify({ eventType: 'PasswordResetRequested', userId: message.userId, token: message.token, expiresAt: message.expiresAt.toISOString() }),
        created_at: new Date(),
      });
      trx.executionPromise.then(wake, () => {});
    },
  };
}
