import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { TokenVersionCache } from '../auth/token-versions';
import type { CommandContext } from '../commands/command-context';
import { commandContext, eventMetadata, type RequestContext } from '../graphql/context';
import { awaitRecorded } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';
import type { AccountQueries } from './account-queries';
import { accountAccessProjection } from './account-access-projection';
import type { AccountAccessService } from './account-access-service';
import { AuthPayload } from './graphql-types';
import type { PasswordService } from './password-service';
import type { SessionService } from './session-service';

/**
 * Password change and reset. Either ends every session of the account (signOutEverywhere: refresh
 * tokens revoked, token version moved on), since whoever knew the old password may hold one; the
 * caller of a change gets a new session in the answer.
 */
@Resolver()
export class PasswordResolver {
  constructor(
    private readonly passwords: PasswordService,
    private readonly access: AccountAccessService,
    private readonly sessions: SessionService,
    private readonly queries: AccountQueries,
    private readonly projector: Projector,
    private readonly tokenVersions: Pick<TokenVersionCache, 'invalidate'>,
  ) {}

  @Authorized()
  @Mutation(() => AuthPayload, {
    description:
      "Signed in: sets a new password; the current one is required (BAD_USER_INPUT with field currentPassword when it is wrong). Every session of the account ends, this one's included: the answer is a new session.",
  })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String, { description: 'At least 8 characters.' }) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AuthPayload> {
    const { userId, shopId } = ctx.principal!;
    await this.passwords.changePassword(commandContext(ctx), userId, currentPassword, newPassword);
    await this.endSessions(userId, commandContext(ctx));
    const issued = await this.sessions.start(shopId, userId);
    const user = await this.queries.userById(shopId, userId);
    if (!user) throw new NotFoundError('User', userId);
    return { ...issued, user: { ...user, role: issued.role } };
  }

  @Mutation(() => Boolean, {
    description:
      'Anyone: mails a single-use token to reset the password of the account with this email, if the shop has one. Always answers true, whether or not it has: the answer does not tell who has an account.',
  })
  async requestPasswordReset(@Arg('shop', () => String) shop: string, @Arg('email', () => String) email: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.passwords.requestPasswordReset(shop.trim(), email, eventMetadata(ctx));
    return true;
  }

  @Mutation(() => Boolean, {
    description: "Anyone: sets a new password with a token from requestPasswordReset, and ends the account's sessions; each token works once and until it expires, else BAD_USER_INPUT (field token). Then sign in.",
  })
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String, { description: 'At least 8 characters.' }) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<boolean> {
    const reset = await this.passwords.resetPassword(token, newPassword, eventMetadata(ctx));
    await this.endSessions(reset.userId, { tenantId: reset.shopId, metadata: eventMetadata(ctx) });
    return true;
  }

  /** As signOutEverywhere: answered once this server refuses the old tokens (other servers follow the read model's NOTIFY). */
  private async endSessions(userId: string, context: CommandContext): Promise<void> {
    const append = await this.access.signOutEverywhere(userId, context);
    await awaitRecorded(this.projector, accountAccessProjection.name, append?.checkpoint);
    this.tokenVersions.invalidate(context.tenantId, userId);
  }
}
