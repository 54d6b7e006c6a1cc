import { handleCommand } from '../commands/command-handler';
import { fold } from '../commands/decider';
import type { CommandContext } from '../commands/command-context';
import type { EventStore } from '../eventstore/event-store';
import { ConcurrencyError, type AppendResult, type EventMetadata, type StreamAppend } from '../eventstore/types';
import { Role } from '../auth/roles';
import { BadUserInputError, ConflictError, NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import { legacyUserEmailStreamId, shopStreamId, USER_EMAIL_STREAM_TYPE, USER_STREAM_TYPE, userEmailStreamId, userStreamId, type EmailLookupKey, type UserEmailEvent, type UserEvent } from './events';
import { decoyHash, hashPassword, verifyPassword, type ScryptParams } from './passwords';
import type { ShopRegistry } from './shop-registry';
import { shopDecider } from './shop-decider';
import { signInRefused } from './sign-in-refusal';
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
    /** Names an email's claim stream by a keyed hash, so the log holds no address (see privacy/email-lookup). */
    private readonly emailKey: (normalizedEmail: string) => EmailLookupKey,
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
    const user = registration(userId, owner, Role.ADMIN, this.emailStreamId(owner.email), owner.claimVersion);
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
    if (!user?.userId || !user.role || !matches) throw signInRefused();
    return { userId: user.userId, role: user.role };
  }

  /** The user holding `email` in the shop, from its claim stream. */
  async userIdByEmail(shopId: string, email: string): Promise<string | undefined> {
    return (await this.emailClaim(shopId, normalizeEmail(email))).userId;
  }

  /**
   * Who holds the email and the version of its claim stream. Claims from before the streams were
   * named by a keyed hash live under the address itself (never released: see the README's limits);
   * they count while the hashed stream does not exist.
   */
  private async emailClaim(shopId: string, normalizedEmail: string): Promise<{ userId: string | undefined; version: number }> {
    const claims = await this.store.readStream(this.emailStreamId(normalizedEmail), { tenantId: shopId });
    if (claims.length === 0) {
      const legacy = await this.store.readStream(legacyUserEmailStreamId(normalizedEmail), { tenantId: shopId, toVersion: 1 });
      return { userId: (legacy[0]?.data as { userId?: string } | undefined)?.userId, version: 0 };
    }
    const last = claims.at(-1)!;
    const event = last as unknown as UserEmailEvent;
    return { userId: event.type === 'UserEmailClaimed' ? event.data.userId : undefined, version: last.streamVersion };
  }

  /** The claim stream of a normalized email (named by its keyed hash). */
  emailStreamId(normalizedEmail: string): string {
    return userEmailStreamId(this.emailKey(normalizedEmail));
  }

  /**
   * Frees `email` for a new account when `userId` (being erased) holds it: the append to commit with
   * the erasure; undefined when another account holds it or nobody does.
   */
  async emailRelease(shopId: string, userId: string, email: string): Promise<StreamAppend | undefined> {
    const normalized = normalizeEmail(email);
    const claim = await this.emailClaim(shopId, normalized);
    if (claim.userId !== userId) return undefined;
    const release: UserEmailEvent = { type: 'UserEmailReleased', data: { email: normalized, userId } };
    return { streamId: this.emailStreamId(normalized), streamType: USER_EMAIL_STREAM_TYPE, expectedVersion: claim.version, events: [release] };
  }

  /** Claims `email` for `userId` (an email change): the append to commit with the change; CONFLICT when another account holds it. */
  async emailClaimFor(shopId: string, userId: string, email: string): Promise<StreamAppend> {
    const normalized = normalizeEmail(email);
    const claim = await this.emailClaim(shopId, normalized);
    if (claim.userId) throw emailTaken(normalized);
    const claimed: UserEmailEvent = { type: 'UserEmailClaimed', data: { email: normalized, userId } };
    return { streamId: this.emailStreamId(normalized), streamType: USER_EMAIL_STREAM_TYPE, expectedVersion: claim.version, events: [claimed] };
  }

  async loadUser(shopId: string, userId: string): Promise<UserState> {
    const events = await this.store.readStream(userStreamId(userId), { tenantId: shopId });
    return fold(userDecider, events as unknown as UserEvent[]);
  }

  private async register(context: CommandContext, account: NewAccount, role: Role): Promise<AccountResult> {
    const prepared = await this.prepare(account, context.tenantId);
    const userId = newId();
    const user = registration(userId, prepared, role, this.emailStreamId(prepared.email), prepared.claimVersion);
    const { append } = await this.claiming(
      () => handleCommand(this.store, userDecider, userStreamId(userId), user.command, { tenantId: context.tenantId, metadata: context.metadata, alsoAppend: () => [user.claim] }),
      prepared.email,
    );
    return { shopId: context.tenantId, userId, role, append };
  }

  /** Validates and hashes; a taken email is refused before paying for the hash (the claim still settles races). */
  private async prepare(account: NewAccount, shopId?: string): Promise<{ email: string; name: string; passwordHash: string; claimVersion: number }> {
    const email = requireEmail(account.email);
    const name = requireName(account.name);
    requirePassword(account.password);
    // A new shop has no claims yet; in a shop, a released claim is claimed again after its release.
    const claim = shopId ? await this.emailClaim(shopId, email) : { userId: undefined, version: 0 };
    if (claim.userId) throw emailTaken(email);
    return { email, name, passwordHash: await hashPassword(account.password, this.hashParams), claimVersion: claim.version };
  }

  private async claiming<T>(run: () => Promise<T>, email: string): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConcurrencyError && error.streamId === this.emailStreamId(email)) throw emailTaken(email);
      if (error instanceof ConcurrencyError && error.streamId.startsWith('shop-')) throw new ConflictError(`The shop ${error.streamId.slice(5)} already exists`, { field: 'slug', slug: error.streamId.slice(5) });
      throw error;
    }
  }
}

const emailTaken = (email: string) => new ConflictError('An account with this email already exists in this shop', { field: 'email', email });

/** The user stream's first event and the email claim that must commit with it. */
function registration(userId: string, prepared: { email: string; name: string; passwordHash: string }, role: Role, claimStreamId: string, claimVersion: number) {
  const account = { email: prepared.email, name: prepared.name, passwordHash: prepared.passwordHash };
  const command = { type: 'RegisterUser' as const, userId, role, ...account };
  const [registered] = userDecider.decide(command, userDecider.initialState());
  const claim: StreamAppend = {
    streamId: claimStreamId,
    streamType: USER_EMAIL_STREAM_TYPE,
    expectedVersion: claimVersion,
    events: [{ type: 'UserEmailClaimed', data: { email: account.email, userId } } satisfies UserEmailEvent],
  };
  const userAppend: StreamAppend = { streamId: userStreamId(userId), streamType: USER_STREAM_TYPE, expectedVersion: 0, events: [registered!] };
  return { command, userAppend, claim };
}
