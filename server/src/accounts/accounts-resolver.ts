import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import { commandContext, eventMetadata, type RequestContext } from '../graphql/context';
import { awaitRecorded, readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { ForbiddenError, NotFoundError } from '../shared/errors';
import type { AccountQueries, ShopView, UserView } from './account-queries';
import type { AccountResult, AccountsService } from './accounts-service';
import { AuthPayload, ShopOwnerInput, ShopType, UserType } from './graphql-types';
import type { SessionService } from './session-service';
import { shopProjection } from './shop-projection';
import { userProjection } from './user-projection';
import type { SignInThrottle } from './sign-in-throttle';
import type { TransportContext } from '../graphql/transport-context';

export interface AccountsResolverOptions {
  /** Whether anyone may open a new shop with `createShop`. */
  allowShopCreation: boolean;
}

@Resolver(() => UserType)
export class AccountsResolver {
  constructor(
    private readonly service: AccountsService,
    private readonly queries: AccountQueries,
    private readonly sessions: SessionService,
    private readonly projector: Projector,
    private readonly options: AccountsResolverOptions,
    private readonly throttle: SignInThrottle,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Anyone: creates a CUSTOMER account in the shop and signs it in.' })
  async signUp(
    @Arg('shop', () => String) shop: string,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String, { description: 'At least 8 characters.' }) password: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    return this.signedIn(await this.service.signUp(shop.trim(), { email, password, name }, eventMetadata(ctx)));
  }

  @Mutation(() => AuthPayload, { description: 'Anyone: a session for the account (an access token and a refresh token). A wrong shop, email or password, and a disabled account, all answer UNAUTHENTICATED alike.' })
  async signIn(
    @Arg('shop', () => String) shop: string,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: TransportContext,
  ): Promise<AuthPayload> {
    const shopId = shop.trim();
    // Failures are counted per account and per client address; past the limits even the right password is refused, alike.
    const { userId } = await this.throttle.attempt({ shopId, email, address: ctx.remoteAddress }, () => this.service.authenticate(shopId, email, password));
    const user = await this.queries.userById(shopId, userId);
    // Sign-up waits for its read row, so only a rebuild in progress can get here.
    if (!user) throw new NotFoundError('User', userId);
    return this.tokenFor(user);
  }

  @Authorized()
  @Query(() => UserType, { description: 'The signed-in account.' })
  async me(@Ctx() ctx: RequestContext): Promise<UserView> {
    const principal = ctx.principal!;
    const user = await this.queries.userById(principal.shopId, principal.userId);
    if (!user) throw new NotFoundError('User', principal.userId);
    return user;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: 'Admin: a STAFF or ADMIN account in the admin\'s shop.' })
  async createStaffAccount(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Arg('name', () => String) name: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() ctx: RequestContext,
  ): Promise<UserView> {
    return this.userAfterWrite(await this.service.createStaffAccount({ email, password, name }, role, commandContext(ctx)));
  }

  @Mutation(() => AuthPayload, { description: 'Anyone, when the deployment allows it: a new shop and its first ADMIN, signed in.' })
  async createShop(
    @Arg('slug', () => String, { description: 'The shop id, for good: 2–40 of a-z, 0-9 and -, not starting with -.' }) slug: string,
    @Arg('name', () => String) name: string,
    @Arg('owner', () => ShopOwnerInput) owner: ShopOwnerInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    if (!this.options.allowShopCreation) throw new ForbiddenError('This deployment does not open new shops');
    const created = await this.service.createShop({ slug, name, owner }, eventMetadata(ctx));
    // The new shop's visitors read it from the shops table next: answer once it is there too.
    await awaitRecorded(this.projector, shopProjection.name, created.append?.checkpoint, { what: 'Shop', id: created.shopId });
    return this.signedIn(created);
  }

  @Query(() => ShopType, { nullable: true, description: 'The shop the caller acts in (its token\'s, or X-Shop\'s); null before the demo seed created it.' })
  async shop(@Ctx() ctx: RequestContext): Promise<ShopView | null> {
    return (await this.queries.shop(ctx.tenantId)) ?? null;
  }

  private async signedIn(result: AccountResult): Promise<AuthPayload> {
    return this.tokenFor(await this.userAfterWrite(result));
  }

  private userAfterWrite(result: AccountResult): Promise<UserView> {
    return readAfterWrite(this.projector, userProjection.name, result.append, () => this.queries.userById(result.shopId, result.userId), { what: 'User', id: result.userId });
  }

  /** A new session: an access token and a refresh token. */
  private async tokenFor(user: UserView): Promise<AuthPayload> {
    const { token, expiresAt, refreshToken, refreshTokenExpiresAt } = await this.sessions.start(user.shop, user.id);
    return { token, expiresAt, refreshToken, refreshTokenExpiresAt, user };
  }
}
