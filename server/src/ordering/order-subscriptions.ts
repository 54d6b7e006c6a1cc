import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import type { SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import type { ChangePubSub } from '../graphql/pubsub';
import type { ReadModelChange } from '../projector/projection';
import { requireUuid } from '../shared/ids';
import { customerScope, type OrderAccess } from './order-access';

export interface OrderSubscriptionServices {
  pubSub: ChangePubSub;
  access: OrderAccess;
}

// type-graphql calls a `subscribe` function without its resolver instance, so the services it
// needs are found through the schema being executed: one app, one schema, its own services.
const servicesBySchema = new WeakMap<GraphQLSchema, OrderSubscriptionServices>();

export function provideOrderSubscriptions(schema: GraphQLSchema, services: OrderSubscriptionServices): void {
  servicesBySchema.set(schema, services);
}

/**
 * `subscribe` for a subscription to the changes of one order (`orderId` argument) on `topics`.
 * A customer may only follow their own orders: anyone else's is NOT_FOUND at subscribe time, as an
 * unknown order is. Each push must also come from the subscriber's shop and be about that order, so
 * a guessed id from another shop never delivers anything.
 */
export function orderChanges(topics: readonly string[]) {
  return async ({ args, context, info }: SubscribeResolverData<unknown, { orderId: string }, RequestContext>): Promise<AsyncIterable<ReadModelChange>> => {
    const services = servicesBySchema.get(info.schema);
    if (!services) throw new Error('order subscriptions are not provided for this schema');
    const orderId = requireUuid('Order', args.orderId);
    if (customerScope(context) !== undefined) await services.access.require(context, orderId);
    const changes = Repeater.merge(topics.map((topic) => services.pubSub.subscribe(topic, orderId)));
    return pipe(
      changes,
      filter((change: ReadModelChange) => change.tenantId === context.tenantId && change.id === orderId),
    );
  };
}
