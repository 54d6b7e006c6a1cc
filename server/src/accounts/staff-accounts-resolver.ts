import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../auth/roles';
import type { RequestContext } from '../graphql/context';
import type { UserView } from './account-queries';
import { UserType } from './graphql-types';
import type { StaffAccountQueries } from './staff-account-queries';

@Resolver(() => UserType)
export class StaffAccountsResolver {
  constructor(private readonly queries: StaffAccountQueries) {}

  @Authorized(Role.ADMIN)
  @Query(() => [UserType], { description: "Admin: the shop's STAFF and ADMIN accounts, oldest first (customers are not listed)." })
  staffAccounts(@Ctx() ctx: RequestContext): Promise<UserView[]> {
    return this.queries.list(ctx.tenantId);
  }
}
