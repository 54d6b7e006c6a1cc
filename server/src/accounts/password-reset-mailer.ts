import type { Knex } from 'knex';

/** A password-reset message to queue: the token in clear, which exists nowhere else. */
export interface PasswordResetMail {
  tenantId: string;
  userId: string;
  /** The position of the PasswordResetRequested event: one message per request. */
  eventPosition: number;
  token: string;
  expiresAt: Date;
}

/**
 * Where reset tokens are mailed from: the notifications outbox, written in the transaction that
 * appends the request, so a message exists exactly when its request does.
 */
export interface PasswordResetMailer {
  queue(trx: Knex.Transaction, mail: PasswordResetMail): Promise<void>;
}
