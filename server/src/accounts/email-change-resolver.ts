import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { commandContext, type RequestContext } from '../graphql/context';
import { readAfterWrite } from '../graphql/read-after-write';
import type { Projector } from '../projector/projector';
import type { AccountQueries, UserView } from './account-queries';
import type { EmailChangeService } from './email-change-service';
import { UserType } from './graphql-types';
import { userProjection } from './user-projection';

@Resolver()
export class EmailChangeResolver {
  constructor(
    private readonly emails: EmailChangeService,
    private readonly queries: AccountQueries,
    private readonly projector: Projector,
  ) {}

  @Authorized()
  @Mutation(() => UserType, {
    description:
      'Signed in: moves the account to another email (unique in the shop: CONFLICT when taken), for signing in and for every notification from now on. The current password is required (BAD_USER_INPUT with field currentPassword when it is wrong).',
  })
  async changeEmail(
    @Arg('email', () => String) email: string,
    @Arg('currentPassword', () => String) currentPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UserView> {
    const { userId, shopId } = ctx.principal!;
    const append = await this.emails.changeEmail(commandContext(ctx), userId, email, currentPassword);
    // Answered once the users table (where notifications look the address up) has the new one.
    return readAfterWrite(this.projector, userProjection.name, append, () => this.queries.userById(shopId, userId), { what: 'User', id: userId });
  }
}
