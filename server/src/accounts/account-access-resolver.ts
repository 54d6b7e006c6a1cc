import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Role } from '../auth/roles';
import type { TokenVersionCache } from '../auth/token-versions';
import type { AppendResult } from '../eventstore/types';
import { commandContext, type RequestContext } from '../graphql/context';
import { awaitRecorded } from '../graphql/read-after-write';
import type { ScopedLoader } from '../graphql/loaders';
import type { Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';
import type { AccountQueries, UserView } from './account-queries';
import { accountAccessProjection } from './account-access-projection';
import type { AccountAccessService } from './account-access-service';
import { UserType } from './graphql-types';
import { userProjection } from './user-projection';

/** Admins manage their shop's staff accounts: disable, enable, change the role. Each ends the account's tokens at once. */
@Resolver(() => UserType)
export class AccountAccessResolver {
  constructor(
    private readonly access: AccountAccessService,
    private readonly queries: AccountQueries,
    private readonly projector: Projector,
    private readonly tokenVersions: Pick<TokenVersionCache, 'invalidate'>,
    private readonly disabledLoader: ScopedLoader<string, boolean>,
  ) {}

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: "Admin: a STAFF or ADMIN account of the shop can no longer sign in or refresh, and its tokens and open sockets stop working at once. Not one's own." })
  async disableAccount(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<UserView> {
    return this.answer(userId, await this.access.disable(userId, { ...commandContext(ctx), actorId: ctx.principal!.userId }), ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: 'Admin: a disabled staff account may sign in again (its old tokens and sessions stay ended).' })
  async enableAccount(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<UserView> {
    return this.answer(userId, await this.access.enable(userId, commandContext(ctx)), ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => UserType, { description: "Admin: a staff account becomes STAFF or ADMIN. Its access tokens stop working at once; its sessions refresh into tokens of the new role. Not one's own." })
  async changeAccountRole(@Arg('userId', () => ID) userId: string, @Arg('role', () => Role) role: Role, @Ctx() ctx: RequestContext): Promise<UserView> {
    const append = await this.access.changeRole(userId, role, { ...commandContext(ctx), actorId: ctx.principal!.userId });
    // The users read model shows the role: answer once it does.
    await awaitRecorded(this.projector, userProjection.name, append?.checkpoint);
    return this.answer(userId, append, ctx);
  }

  @FieldResolver(() => Boolean, { description: 'Disabled by an admin: cannot sign in.' })
  disabled(@Root() user: UserView, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    return this.disabledLoader.load(user.id, ctx, info);
  }

  /** Once this server refuses the old tokens (its cache is told at once; other servers by NOTIFY), the account as it is now. */
  private async answer(userId: string, append: AppendResult | undefined, ctx: RequestContext): Promise<UserView> {
    await awaitRecorded(this.projector, accountAccessProjection.name, append?.checkpoint);
    const user = await this.queries.userById(ctx.tenantId, userId.toLowerCase());
    if (!user) throw new NotFoundError('User', userId);
    this.tokenVersions.invalidate(ctx.tenantId, user.id);
    return user;
  }
}
