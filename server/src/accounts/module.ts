import type { Knex } from 'knex';
import type { TokenService } from '../auth/tokens';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { AccountQueries } from './account-queries';
import { AccountsResolver, type AccountsResolverOptions } from './accounts-resolver';
import { AccountsService } from './accounts-service';
import type { ScryptParams } from './passwords';
import { shopProjection } from './shop-projection';
import { ShopRegistry } from './shop-registry';
import { StaffAccountQueries } from './staff-account-queries';
import { StaffAccountsResolver } from './staff-accounts-resolver';
import { userProjection } from './user-projection';

export const accountsProjections = [shopProjection, userProjection];
export const accountsResolvers = [AccountsResolver, StaffAccountsResolver];

export function createAccountsModule(deps: {
  db: Knex;
  store: EventStore;
  tokens: TokenService;
  /** The shop anonymous callers land in: it always counts as existing. */
  defaultShop: string;
  options: AccountsResolverOptions;
  hashParams?: ScryptParams;
}) {
  const shops = new ShopRegistry(deps.store, deps.defaultShop);
  const queries = new AccountQueries(deps.db);
  const service = new AccountsService(deps.store, shops, deps.hashParams);
  return {
    shops,
    queries,
    service,
    register(container: ResolverContainer, projector: Projector) {
      container.register(AccountsResolver, new AccountsResolver(service, queries, deps.tokens, projector, deps.options));
      container.register(StaffAccountsResolver, new StaffAccountsResolver(new StaffAccountQueries(deps.db)));
    },
  };
}
