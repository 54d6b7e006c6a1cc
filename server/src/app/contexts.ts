import { catalogProjections, catalogResolvers } from '../catalog/module';
import { orderingProjections, orderingResolvers } from '../ordering/module';
import { inventoryProjections, inventoryResolvers } from '../inventory/module';
import { paymentsProjections, paymentsResolvers } from '../payments/module';
import { checkoutProjections, checkoutResolvers } from '../checkout/module';
import { fulfillmentProjections, fulfillmentResolvers } from '../fulfillment/module';
import { historyProjections, historyResolvers } from '../history/module';
import { notificationsResolvers } from '../notifications/module';
import { accountsProjections, accountsResolvers } from '../accounts/module';
import { dashboardProjections, dashboardResolvers } from '../dashboard/module';
import { operationsResolvers } from '../operations/module';
import { privacyResolvers } from '../privacy/module';
import { accountsPersonalData } from '../accounts/personal-data';
import type { PersonalDataPolicy } from '../privacy/personal-fields';
import type { Projection } from '../projector/projection';
import type { ResolverClass } from '../graphql/schema';

/** Every bounded context's projections and resolvers: the one place that lists them all. */
export const allProjections: readonly Projection[] = [...catalogProjections, ...orderingProjections, ...inventoryProjections, ...paymentsProjections, ...checkoutProjections, ...fulfillmentProjections, ...historyProjections, ...accountsProjections, ...dashboardProjections];
/**
 * Mutations an idempotency key does not cover (a key sent with them is ignored). signIn, signUp,
 * createShop, refreshSession and changePassword answer with tokens, which must not be stored:
 * signIn changes no state, a second signUp or createShop finds the email or slug taken (CONFLICT)
 * and appends nothing, a refresh token works once by design (a lost answer means signing in
 * again), and changePassword ends the token that sent it. signOutEverywhere ends it too. A retry
 * of those two is refused UNAUTHENTICATED before any key is looked at, which tells the client it happened.
 */
export const idempotencyExemptMutations: readonly string[] = ['signIn', 'signUp', 'createShop', 'refreshSession', 'changePassword', 'signOutEverywhere'];
export const allResolvers: readonly ResolverClass[] = [...catalogResolvers, ...orderingResolvers, ...inventoryResolvers, ...paymentsResolvers, ...checkoutResolvers, ...fulfillmentResolvers, ...historyResolvers, ...notificationsResolvers, ...accountsResolvers, ...dashboardResolvers, ...operationsResolvers, ...privacyResolvers];
/** Where each context's events carry personal data (encrypted per customer, see server/src/privacy). */
export const allPersonalData: PersonalDataPolicy = { ...accountsPersonalData };
