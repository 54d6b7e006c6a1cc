import { handleCommand } from '../commands/command-handler';
import { fold } from '../commands/decider';
import type { CommandContext } from '../commands/command-context';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type EventMetadata, type StreamAppend } from '../eventstore/types';
import { Role } from '../auth/roles';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../shared/errors';
import { newId } from '../shared/ids';
import { shopStreamId, USER_EMAIL_STREAM_TYPE, USER_STREAM_TYPE, userEmailStreamId, userStreamId, type UserEmailEvent, type UserEvent } from './events';
import { decoyHash, hashPassword, verifyPassword, type ScryptParams } from './passwords';
import type { ShopRegistry } from './shop-registry';
import { shopDecider } from './shop-decider';
import { userDecider, type UserState } from './user-decider';
import { normalizeEmail, requireEmail, requireName, requirePassword, requireShopSlug } from './validation';

export interface NewAccount {
  email: string;
  password: string;
  name: string;
}

export interface AccountResult {
  shopId: string;
  userId: string;
  role: Role;
  append: AppendResult | undefined;
}

/** Sign-up, staff accounts, shops and the password check of sign-in. */
export class AccountsService {
  constructor(
    private readonly store: EventStore,
    private readonly shops: ShopRegistry,
    private readonly hashParams?: ScryptParams,
  ) {}

  /** A new CUSTOMER of `shopId`. */
  async signUp(shopId: string, account: NewAccount, metadata: EventMetadata): Promise<AccountResult> {
    if (!(await this.shops.exists(shopId))) throw new NotFoundError('Shop', shopId);
    return this.register({ tenantId: shopId, metadata }, account, Role.CUSTOMER);
  }

  /** A STAFF or ADMIN account of the caller's shop. */
  async createStaffAccount(account: NewAccount, role: Role, context: CommandContext): Promise<AccountResult> {
    if (role !== Role.STAFF && role !== Role.ADMIN) throw new BadUserInputError('A staff account is STAFF or ADMIN; customers sign up themselves', { field: 'role' });
    return this.register(context, account, role);
  }

  /** A new shop and its first ADMIN, atomically: the slug and the owner's email are claimed together. */
  async createShop(input: { slug: string; name: string; owner: NewAccount }, metadata: EventMetadata): Promise<AccountResult> {
    const shopId = requireShopSlug(input.slug);
    const name = requireName(input.name);
    if (await this.shops.exists(shopId)) throw new ConflictError(`The shop ${shopId} already exists`, { field: 'slug', slug: shopId });
    const owner = await this.prepare(input.owner);
    const userId = newId();
    const user = registration(userId, owner, Role.ADMIN);
    const { append } = await this.claiming(
      () =>
        handleCommand(this.store, shopDecider, shopStreamId(shopId), { type: 'CreateShop', shopId, name, ownerId: userId }, {
          tenantId: shopId,
          metadata,
          alsoAppend: () => [user.userAppend, user.claim],
        }),
      owner.email,
    );
    return { shopId, userId, role: Role.ADMIN, append };
  }

  /** Creates a shop without an owner unless it exists (the demo seed); true when it was created. */
  async ensureShop(shopId: string, name: string, metadata: EventMetadata): Promise<boolean> {
    const { newEvents } = await handleCommand(this.store, shopDecider, shopStreamId(requireShopSlug(shopId)), { type: 'CreateShop', shopId, name, ownerId: null }, {
      tenantId: shopId,
      metadata,
    }).catch((error: unknown) => {
      if (error instanceof ConflictError) return { newEvents: [] };
      throw error;
    });
    return newEvents.length > 0;
  }

  /**
   * The account `email` and `password` sign in to. Unknown email and wrong password fail alike,
   * after the same scrypt work, so neither the answer nor its timing tells who has an account.
   */
  async authenticate(shopId: string, email: string, password: string): Promise<{ userId: string; role: Role }> {
    const userId = (await this.shops.exists(shopId)) ? await this.userIdByEmail(shopId, email) : undefined;
    const user = userId ? await this.loadUser(shopId, userId) : undefined;
    const matches = await verifyPassword(password, user?.passwordHash || (await decoyHash()));
    if (!user?.userId || !user.role || !matches) throw new UnauthenticatedError('The shop, email or password is not right');
    return { userId: user.userId, role: user.role };
  }

  /** The user holding `email` in the shop, from its claim stream. */
  async userIdByEmail(shopId: string, email: string): Promise<string | undefined> {
    const claim = await this.store.readStream(userEmailStreamId(normalizeEmail(email)), { tenantId: shopId, toVersion: 1 });
    return (claim[0]?.data as UserEmailEvent['data'] | undefined)?.userId;
  }

  async loadUser(shopId: string, userId: string): Promise<UserState> {
    const events = await this.store.readStream(userStreamId(userId), { tenantId: shopId });
    return fold(userDecider, events as unknown as UserEvent[]);
  }

  private async register(context: CommandContext, account: NewAccount, role: Role): Promise<AccountResult> {
    const prepared = await this.prepare(account, context.tenantId);
    const userId = newId();
    const user = registration(userId, prepared, role);
    const { append } = await this.claiming(
      () => handleCommand(this.store, userDecider, userStreamId(userId), user.command, { tenantId: context.tenantId, metadata: context.metadata, alsoAppend: () => [user.claim] }),
      prepared.email,
    );
    return { shopId: context.tenantId, userId, role, append };
  }

  /** Validates and hashes; a taken email is refused before paying for the hash (the claim still settles races). */
  private async prepare(account: NewAccount, shopId?: string): Promise<{ email: string; name: string; passwordHash: string }> {
    const email = requireEmail(account.email);
    const name = requireName(account.name);
    requirePassword(account.password);
    if (shopId && (await this.userIdByEmail(shopId, email))) throw emailTaken(email);
    return { email, name, passwordHash: await hashPassword(account.password, this.hashParams) };
  }

  private async claiming<T>(run: () => Promise<T>, email: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConcurrencyError && error.streamId === userEmailStreamId(email)) throw emailTaken(email);
      if (error instanceof ConcurrencyError && error.streamId.startsWith('shop-')) throw new ConflictError(`The shop ${error.streamId.slice(5)} already exists`, { field: 'slug', slug: error.streamId.slice(5) });
      throw error;
    }
  }
}

const emailTaken = (email: string) => new ConflictError('An account with this email already exists in this shop', { field: 'email', email });

/** The user stream's first event and the email claim that must commit with it. */
function registration(userId: string, account: { email: string; name: string; passwordHash: string }, role: Role) {
  const command = { type: 'RegisterUser' as const, userId, role, ...account };
  const [registered] = userDecider.decide(command, userDecider.initialState());
  const claim: StreamAppend = {
    streamId: userEmailStreamId(account.email),
    streamType: USER_EMAIL_STREAM_TYPE,
    expectedVersion: 0,
    events: [{ type: 'UserEmailClaimed', data: { email: account.email, userId } } satisfies UserEmailEvent],
  };
  const userAppend: StreamAppend = { streamId: userStreamId(userId), streamType: USER_STREAM_TYPE, expectedVersion: 0, events: [registered!] };
  return { command, userAppend, claim };
}
