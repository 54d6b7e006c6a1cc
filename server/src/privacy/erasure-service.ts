import type { Knex } from 'knex';
import type { AccountsService } from '../accounts/accounts-service';
import { Role } from '../auth/roles';
import type { Principal } from '../auth/principal';
import type { CommandContext } from '../commands/command-context';
import { handleCommand } from '../commands/command-handler';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult } from '../eventstore/types';
import { ForbiddenError, InvalidStateError, NotFoundError } from '../shared/errors';
import { requireUuid } from '../shared/ids';
import type { DataKeys } from './data-keys';
import { ERASED } from './envelope';
import { customerPrivacyDecider } from './erasure-decider';
import { customerPrivacyStreamId } from './events';
import { scrubOperationalTables } from './personal-data-scrub';

export interface ErasureResult {
  customerId: string;
  /** The erasure's events (undefined when the customer was erased before). */
  append: AppendResult | undefined;
}

/**
 * Erases a customer's personal data (crypto-shredding): scrubs the tables no event rebuilds,
 * releases their email, records CustomerErased, deletes their data key and ends their sessions.
 * Each step may be repeated, so an erasure cut short is finished by asking again.
 */
export class ErasureService {
  constructor(
    private readonly db: Knex,
    private readonly store: EventStore,
    private readonly keys: DataKeys,
    private readonly accounts: AccountsService,
    /** Ends the account's sessions and tokens (refresh tokens revoked, token version moved on). */
    private readonly signOutEverywhere: (userId: string, context: CommandContext) => Promise<unknown>,
  ) {}

  async eraseCustomer(customerId: string, caller: Principal, context: CommandContext): Promise<ErasureResult> {
    requireUuid('Customer', customerId);
    // A customer may erase only themselves (anyone else's id is unknown to them); of the staff, only ADMIN.
    if (caller.role === Role.STAFF) throw new ForbiddenError('Only an ADMIN or the customer themselves may erase a customer');
    if (caller.role !== Role.ADMIN && caller.userId !== customerId) throw new NotFoundError('Customer', customerId);
    const tenantId = context.tenantId;
    const user = await this.accounts.loadUser(tenantId, customerId);
    if (!user.userId) throw new NotFoundError('Customer', customerId);
    if (user.role !== Role.CUSTOMER) throw new InvalidStateError('Only customer accounts are erased; staff accounts are disabled instead', { id: customerId });
    // Read while the key still opens them: what to scrub and which email claim to release.
    const email = readable(user.email);
    const name = readable(user.name);
    await scrubOperationalTables(this.db, { tenantId, customerId, email, name });
    const release = email ? await this.accounts.emailRelease(tenantId, customerId, email) : undefined;
    const { append } = await handleCommand(this.store, customerPrivacyDecider, customerPrivacyStreamId(customerId), { type: 'EraseCustomer', customerId }, {
      tenantId,
      metadata: context.metadata,
      alsoAppend: () => (release ? [release] : []),
    });
    await this.keys.erase(tenantId, customerId);
    // Last: the customer may be erasing themselves with the very token this ends.
    await this.signOutEverywhere(customerId, context);
    return { customerId, append };
  }
}

const readable = (value: string) => (value && value !== ERASED ? value : undefined);
