import type { Knex } from 'knex';
import { handleCommand } from '../commands/command-handler';
import type { CommandContext } from '../commands/command-context';
import { appendOf, loadStream } from '../commands/streams';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type EventMetadata } from '../eventstore/types';
import { BadUserInputError } from '../shared/errors';
import { userStreamId } from './events';
import { hashPassword, verifyPassword, type ScryptParams } from './passwords';
import { invalidResetToken } from './password-decider';
import type { PasswordResetMailer } from './password-reset-mailer';
import { hashResetSecret, newResetToken, parseResetToken } from './password-reset-token';
import type { ShopRegistry } from './shop-registry';
import { userDecider } from './user-decider';
import { normalizeEmail, requirePassword } from './validation';

export interface PasswordServiceDeps {
  db: Knex;
  store: EventStore;
  shops: ShopRegistry;
  /** The account holding an email in a shop (the email claim streams). */
  userIdByEmail: (shopId: string, email: string) => Promise<string | undefined>;
  mailer: PasswordResetMailer;
  /** How long a reset token works. */
  resetTokenTtlSeconds: number;
  hashParams?: ScryptParams;
}

export interface PasswordResult {
  shopId: string;
  userId: string;
  append: AppendResult | undefined;
}

/** Changing a password (knowing the current one) and resetting it by a token sent by mail. */
export class PasswordService {
  constructor(private readonly deps: PasswordServiceDeps) {}

  async changePassword(context: CommandContext, userId: string, currentPassword: string, newPassword: string): Promise<PasswordResult> {
    requirePassword(newPassword);
    const { state } = await loadStream(this.deps.store, userDecider, userStreamId(userId), context.tenantId);
    if (!(await verifyPassword(currentPassword, state.passwordHash))) throw new BadUserInputError('The current password is not right', { field: 'currentPassword' });
    const passwordHash = await hashPassword(newPassword, this.deps.hashParams);
    const { append } = await handleCommand(this.deps.store, userDecider, userStreamId(userId), { type: 'ChangePassword', userId, passwordHash }, context);
    return { shopId: context.tenantId, userId, append };
  }

  /**
   * Mails a reset token when the shop has an account with this email, and does nothing otherwise:
   * the caller answers the same either way. Both ways read the email's claim; only an existing
   * account adds one short transaction, so the answer takes milliseconds either way.
   */
  async requestPasswordReset(shopId: string, email: string, metadata: EventMetadata): Promise<void> {
    const userId = (await this.deps.shops.exists(shopId)) ? await this.deps.userIdByEmail(shopId, normalizeEmail(email)) : undefined;
    if (!userId) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.queueReset(shopId, userId, metadata);
        return;
      } catch (error) {
        // Another change of the account came first: draw again on its newer state.
        if (!(error instanceof ConcurrencyError) || attempt >= 3) throw error;
      }
    }
  }

  /** Sets a new password with a token from `requestPasswordReset`: once, before it expires. */
  async resetPassword(token: string, newPassword: string, metadata: EventMetadata): Promise<PasswordResult> {
    requirePassword(newPassword);
    const parsed = parseResetToken(token);
    if (!parsed || !(await this.deps.shops.exists(parsed.shopId))) throw invalidResetToken();
    const { shopId, userId } = parsed;
    const passwordHash = await hashPassword(newPassword, this.deps.hashParams);
    const command = { type: 'ResetPassword' as const, userId, tokenHash: hashResetSecret(parsed.secret), passwordHash, now: new Date() };
    // A second use of the same token loses the stream's version race, decides again, and is refused.
    const { append } = await handleCommand(this.deps.store, userDecider, userStreamId(userId), command, { tenantId: shopId, metadata });
    return { shopId, userId, append };
  }

  /** The request and its mail in one transaction: the event is its first write, as the store requires. */
  private async queueReset(shopId: string, userId: string, metadata: EventMetadata): Promise<void> {
    const loaded = await loadStream(this.deps.store, userDecider, userStreamId(userId), shopId);
    const { token, tokenHash } = newResetToken(shopId, userId);
    const expiresAt = new Date(Date.now() + this.deps.resetTokenTtlSeconds * 1000);
    const events = userDecider.decide({ type: 'RequestPasswordReset', userId, tokenHash, expiresAt }, loaded.state);
    await this.deps.db.transaction(async (trx) => {
      const { events: recorded } = await this.deps.store.appendToStreams(appendOf(userDecider, loaded, events), { tenantId: shopId, metadata, trx });
      await this.deps.mailer.queue(trx, { tenantId: shopId, userId, eventPosition: recorded[0]!.position, token, expiresAt });
    });
  }
}
