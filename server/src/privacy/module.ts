import type { Knex } from 'knex';
import type { AccountsService } from '../accounts/accounts-service';
import type { CommandContext } from '../commands/command-context';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { Projector } from '../projector/projector';
import { DataKeys } from './data-keys';
import { emailLookupKey } from './email-lookup';
import { ErasureService } from './erasure-service';
import { ExportService, type ExportReaders } from './export-service';
import { PersonalDataCodec } from './personal-data-codec';
import type { PersonalDataPolicy } from './personal-fields';
import { PrivacyResolver } from './privacy-resolver';

export const privacyResolvers = [PrivacyResolver];

/** Encrypts the policy's personal fields on every append of `store` and opens them on every read (also for scripts that read the log). */
export function usePersonalDataCodec(store: EventStore, db: Knex, kek: Buffer, policy: PersonalDataPolicy): DataKeys {
  const keys = new DataKeys(db, kek);
  store.useCodec(new PersonalDataCodec(keys, policy));
  return keys;
}

/**
 * Crypto-shredding of personal data. Puts its codec on the store at once: create it before
 * anything appends or reads, so every personal field is written encrypted and read opened.
 */
export function createPrivacyModule(deps: { db: Knex; store: EventStore; kek: Buffer; policy: PersonalDataPolicy }) {
  const keys = usePersonalDataCodec(deps.store, deps.db, deps.kek, deps.policy);
  return {
    keys,
    emailKey: emailLookupKey(deps.kek),
    register(
      container: ResolverContainer,
      projector: Projector,
      services: { accounts: AccountsService; signOutEverywhere: (userId: string, context: CommandContext) => Promise<unknown>; readers: ExportReaders },
    ) {
      const erasure = new ErasureService(deps.db, deps.store, keys, services.accounts, services.signOutEverywhere);
      container.register(PrivacyResolver, new PrivacyResolver(erasure, new ExportService(deps.db, services.readers), projector));
    },
  };
}
