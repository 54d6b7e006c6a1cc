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
import type { Projection } from '../projector/projection';
import type { ResolverClass } from '../graphql/schema';

/** Every bounded context's projections and resolvers: the one place that lists them all. */
export const allProjections: readonly Projection[] = [...catalogProjections, ...orderingProjections, ...inventoryProjections, ...paymentsProjections, ...checkoutProjections, ...fulfillmentProjections, ...historyProjections, ...accountsProjections, ...dashboardProjections];
/**
 * Mutations an idempotency key does not cover (a key sent with them is ignored): their answers
 * carry a bearer token, which must not be stored. signIn changes no state; signUp and createShop
 * are safe to retry all the same: a second attempt finds the email or slug taken (CONFLICT) and
 * appends nothing.
 */
export const idempotencyExemptMutations: readonly string[] = ['signIn', 'signUp', 'createShop'];
export const allResolvers: readonly ResolverClass[] = [...catalogResolvers, ...orderingResolvers, ...inventoryResolvers, ...paymentsResolvers, ...checkoutResolvers, ...fulfillmentResolvers, ...historyResolvers, ...notificationsResolvers, ...accountsResolvers, ...dashboardResolvers, ...operationsResolvers];
