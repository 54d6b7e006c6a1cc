import { handleCommand } from '../commands/command-handler';
import { fold } from '../commands/decider';
import type { CommandContext } from '../commands/command-context';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult } from '../eventstore/types';
import type { Role } from '../auth/roles';
import { InvalidStateError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import { userStreamId, type UserEvent } from './events';
import type { AccountAccessCommand } from './account-access-decider';
import type { SessionService } from './session-service';
import { userDecider } from './user-decider';

/**
 * Disabling, enabling, role changes and signing out everywhere: each an event on the user's
 * stream (the audit trail), each that ends tokens moving the account's token version on. Refresh
 * tokens are revoked first, so no new access token can be had once the event is recorded.
 */
export class AccountAccessService {
  constructor(
    private readonly store: EventStore,
    private readonly sessions: SessionService,
  ) {}

  async disable(userId: string, context: CommandContext & { actorId: string }): Promise<AppendResult | undefined> {
    const id = requireUuid('User', userId);
    if (id === context.actorId) throw new InvalidStateError('You cannot disable your own account', { userId: id });
    // Only staff accounts may be disabled: checked by the decider before anything is revoked.
    await this.decideOnly({ type: 'DisableAccount', userId: id }, context);
    await this.sessions.revokeAll(context.tenantId, id);
    return this.run({ type: 'DisableAccount', userId: id }, context);
  }

  enable(userId: string, context: CommandContext): Promise<AppendResult | undefined> {
    return this.run({ type: 'EnableAccount', userId: requireUuid('User', userId) }, context);
  }

  changeRole(userId: string, role: Role, context: CommandContext & { actorId: string }): Promise<AppendResult | undefined> {
    const id = requireUuid('User', userId);
    if (id === context.actorId) throw new InvalidStateError('You cannot change your own role', { userId: id });
    return this.run({ type: 'ChangeAccountRole', userId: id, role }, context);
  }

  async signOutEverywhere(userId: string, context: CommandContext): Promise<AppendResult | undefined> {
    await this.sessions.revokeAll(context.tenantId, userId);
    return this.run({ type: 'SignOutEverywhere', userId }, context);
  }

  private async run(command: AccountAccessCommand, context: CommandContext): Promise<AppendResult | undefined> {
    const { append } = await handleCommand(this.store, userDecider, userStreamId(command.userId), command, context);
    return append;
  }

  /** Throws what deciding `command` would throw, appending nothing. */
  private async decideOnly(command: AccountAccessCommand, context: CommandContext): Promise<void> {
    const events = await this.store.readStream(userStreamId(command.userId), { tenantId: context.tenantId });
    userDecider.decide(command, fold(userDecider, events as unknown as UserEvent[]));
  }
}
