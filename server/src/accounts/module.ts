import type { Knex } from 'knex';
import type { TokenService } from '../auth/tokens';
import type { TokenVersionCache } from '../auth/token-versions';
import { ScopedLoader } from '../graphql/loaders';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { AccountQueries } from './account-queries';
import { AccountsResolver, type AccountsResolverOptions } from './accounts-resolver';
import { AccountsService } from './accounts-service';
import type { ScryptParams } from './passwords';
import type { PasswordResetMailer } from './password-reset-mailer';
import { PasswordResolver } from './password-resolver';
import { EmailChangeResolver } from './email-change-resolver';
import { EmailChangeService } from './email-change-service';
import { PasswordService } from './password-service';
import { SignInThrottle } from './sign-in-throttle';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleSettings } from './sign-in-throttle-policy';
import type { Registry } from 'prom-client';
import { shopProjection } from './shop-projection';
import { ShopRegistry } from './shop-registry';
import { StaffAccountQueries } from './staff-account-queries';
import { StaffAccountsResolver } from './staff-accounts-resolver';
import { userProjection } from './user-projection';
import type { EmailLookupKey } from './events';
import { accountAccessProjection } from './account-access-projection';
import { AccountAccessResolver } from './account-access-resolver';
import { AccountAccessService } from './account-access-service';
import { disabledAccountsReader } from './account-access-queries';
import { SessionResolver } from './session-resolver';
import { SessionService } from './session-service';
import { SessionStore } from './session-store';

export const accountsProjections = [shopProjection, userProjection, accountAccessProjection];
export const accountsResolvers = [AccountsResolver, StaffAccountsResolver, SessionResolver, AccountAccessResolver, PasswordResolver, EmailChangeResolver];

export function createAccountsModule(deps: {
  db: Knex;
  store: EventStore;
  tokens: TokenService;
  /** The shop anonymous callers land in: it always counts as existing. */
  defaultShop: string;
  options: AccountsResolverOptions;
  hashParams?: ScryptParams;
  /** Where password-reset tokens are mailed from (the notifications outbox). */
  passwordResets: PasswordResetMailer;
  /** How long a password-reset token works (default 1 hour). */
  resetTokenTtlSeconds?: number;
  /** When failed sign-ins cost a wait and when they lock (defaults: DEFAULT_SIGN_IN_THROTTLE). */
  signInThrottle?: SignInThrottleSettings;
  /** Where the sign-in throttle's counter is registered (the /metrics registry). */
  metrics?: Registry;
  /** The per-request check of token versions, told here when this server revokes an account's tokens. */
  tokenVersions: TokenVersionCache;
  /** How long a refresh token lasts unused (each refresh hands out a new one). */
  refreshTokenTtlSeconds: number;
  /** Names email claim streams by a keyed hash of the address (privacy/email-lookup). */
  emailKey: (normalizedEmail: string) => EmailLookupKey;
}) {
  const shops = new ShopRegistry(deps.store, deps.defaultShop);
  const queries = new AccountQueries(deps.db);
  const service = new AccountsService(deps.store, shops, deps.emailKey, deps.hashParams);
  const passwords = new PasswordService({
    db: deps.db,
    store: deps.store,
    shops,
    userIdByEmail: (shopId, email) => service.userIdByEmail(shopId, email),
    mailer: deps.passwordResets,
    resetTokenTtlSeconds: deps.resetTokenTtlSeconds ?? 60 * 60,
    hashParams: deps.hashParams,
  });
  const throttle = new SignInThrottle(deps.db, deps.signInThrottle ?? DEFAULT_SIGN_IN_THROTTLE, deps.metrics);
  const sessions = new SessionService(new SessionStore(deps.db), deps.tokens, (shopId, userId) => service.loadUser(shopId, userId), deps.refreshTokenTtlSeconds);
  const access = new AccountAccessService(deps.store, sessions);
  return {
    shops,
    queries,
    service,
    passwords,
    sessions,
    access,
    register(container: ResolverContainer, projector: Projector) {
      container.register(AccountsResolver, new AccountsResolver(service, queries, sessions, projector, deps.options, throttle));
      container.register(PasswordResolver, new PasswordResolver(passwords, access, sessions, queries, projector, deps.tokenVersions));
      container.register(EmailChangeResolver, new EmailChangeResolver(new EmailChangeService(deps.store, service), queries, projector));
      container.register(SessionResolver, new SessionResolver(sessions, access, queries, projector, deps.tokenVersions));
      container.register(AccountAccessResolver, new AccountAccessResolver(access, queries, projector, deps.tokenVersions, new ScopedLoader(disabledAccountsReader(deps.db))));
      container.register(StaffAccountsResolver, new StaffAccountsResolver(new StaffAccountQueries(deps.db)));
    },
  };
}
