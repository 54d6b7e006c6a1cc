import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { TokenVersionCache } from '../auth/token-versions';
import { commandContext, type RequestContext } from '../graphql/context';
import { awaitRecorded } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import { NotFoundError } from '../shared/errors';
import type { AccountQueries } from './account-queries';
import type { AccountAccessService } from './account-access-service';
import { accountAccessProjection } from './account-access-projection';
import { AuthPayload } from './graphql-types';
import type { SessionService } from './session-service';

@Resolver()
export class SessionResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly access: AccountAccessService,
    private readonly queries: AccountQueries,
    private readonly projector: Projector,
    private readonly tokenVersions: Pick<TokenVersionCache, 'invalidate'>,
  ) {}

  @Mutation(() => AuthPayload, {
    description: 'Anyone holding a refresh token (send it without an Authorization header: the access token may have expired): a new access token and a new refresh token; the one presented stops working. Presenting a refresh token already traded revokes its whole session. UNAUTHENTICATED when the session has ended.',
  })
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string): Promise<AuthPayload> {
    const issued = await this.sessions.refresh(refreshToken);
    const user = await this.queries.userById(issued.shopId, issued.userId);
    if (!user) throw new NotFoundError('User', issued.userId);
    return { ...issued, user: { ...user, role: issued.role } };
  }

  @Mutation(() => Boolean, { description: "Ends one session: the refresh token's, or else the signed-in caller's own. Its refresh tokens stop working at once; its access token expires within minutes." })
  async signOut(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null | undefined, @Ctx() ctx: RequestContext): Promise<boolean> {
    await this.sessions.signOut(refreshToken ?? undefined, ctx.principal);
    return true;
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends every session of the caller's account: all refresh tokens, and every access token at once (this one too)." })
  async signOutEverywhere(@Ctx() ctx: RequestContext): Promise<boolean> {
    const { userId, shopId } = ctx.principal!;
    const append = await this.access.signOutEverywhere(userId, commandContext(ctx));
    await awaitRecorded(this.projector, accountAccessProjection.name, append?.checkpoint);
    this.tokenVersions.invalidate(shopId, userId);
    return true;
  }
}
