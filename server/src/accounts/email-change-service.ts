import { handleCommand } from '../commands/command-handler';
import type { CommandContext } from '../commands/command-context';
import { loadStream } from '../commands/streams';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult } from '../eventstore/types';
import { BadUserInputError, ConflictError } from '../shared/errors';
import type { AccountsService } from './accounts-service';
import { userStreamId } from './events';
import { verifyPassword } from './passwords';
import { userDecider } from './user-decider';
import { requireEmail } from './validation';

/**
 * An account moving to another email: EmailChanged on its stream, the new address claimed and the
 * old one released in the same append, so the email stays unique in the shop and the old one is
 * free for someone else. The current password is required: a stolen access token alone must not
 * be able to take the account over (a reset mail would go to the thief's address).
 */
export class EmailChangeService {
  constructor(
    private readonly store: EventStore,
    private readonly accounts: Pick<AccountsService, 'emailClaimFor' | 'emailRelease' | 'emailStreamId'>,
  ) {}

  async changeEmail(context: CommandContext, userId: string, newEmail: string, currentPassword: string): Promise<AppendResult | undefined> {
    const email = requireEmail(newEmail);
    const { tenantId } = context;
    const { state } = await loadStream(this.store, userDecider, userStreamId(userId), tenantId);
    if (!(await verifyPassword(currentPassword, state.passwordHash))) throw new BadUserInputError('The current password is not right', { field: 'currentPassword' });
    if (email === state.email) return undefined;
    const claim = await this.accounts.emailClaimFor(tenantId, userId, email);
    const release = await this.accounts.emailRelease(tenantId, userId, state.email);
    try {
      const { append } = await handleCommand(this.store, userDecider, userStreamId(userId), { type: 'ChangeEmail', userId, email }, { ...context, alsoAppend: () => (release ? [claim, release] : [claim]) });
      return append;
    } catch (error) {
      // Someone claimed the address between the check and the append.
      if (error instanceof ConcurrencyError && error.streamId === this.accounts.emailStreamId(email)) {
        throw new ConflictError('An account with this email already exists in this shop', { field: 'email', email });
      }
      throw error;
    }
  }
}
