import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import type { SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import type { CatchUpMode, ChangeLogReader } from '../graphql/change-log';
import type { ChangePubSub } from '../graphql/pubsub';
import { requirePosition, resumable } from '../graphql/resumable';
import type { ReadModelChange } from '../projector/projection';
import { requireUuid } from '../shared/ids';
import type { OrderAccess } from './order-access';

export interface OrderSubscriptionServices {
  pubSub: ChangePubSub;
  access: OrderAccess;
  /** The logged changes that subscriptions resume from. */
  changes: ChangeLogReader;
}

// type-graphql calls a `subscribe` function without its resolver instance, so the services it
// needs are found through the schema being executed: one app, one schema, its own services.
const servicesBySchema = new WeakMap<GraphQLSchema, OrderSubscriptionServices>();

export function provideOrderSubscriptions(schema: GraphQLSchema, services: OrderSubscriptionServices): void {
  servicesBySchema.set(schema, services);
}

/** The services provided for the schema being executed. */
export function orderSubscriptionServices(schema: GraphQLSchema): OrderSubscriptionServices {
  const services = servicesBySchema.get(schema);
  if (!services) throw new Error('order subscriptions are not provided for this schema');
  return services;
}

/**
 * `subscribe` for a subscription to the changes of one order (`orderId` argument) on `topics`.
 * A customer may only follow their own orders: anyone else's is NOT_FOUND at subscribe time, as an
 * unknown order is. Each push must also come from the subscriber's shop and be about that order, so
 * a guessed id from another shop never delivers anything. Resumable (see `resumable`): with
 * `after`, what was missed comes first, as `mode` says.
 */
export function orderChanges(topics: readonly string[], mode: CatchUpMode) {
  return async ({ args, context, info }: SubscribeResolverData<unknown, { orderId: string; after?: number | null }, RequestContext>): Promise<AsyncIterable<ReadModelChange>> => {
    const services = orderSubscriptionServices(info.schema);
    const orderId = requireUuid('Order', args.orderId);
    const after = requirePosition(args.after);
    // Listen before the ownership check: a change committed while the check reads the database
    // is then buffered and pushed, not lost.
    const changes = listening(Repeater.merge(topics.map((topic) => services.pubSub.subscribe(topic, orderId))));
    try {
      await services.access.requireFollowable(context, orderId);
    } catch (error) {
      await changes.return();
      throw error;
    }
    const live = pipe(
      changes,
      filter((change: ReadModelChange) => change.tenantId === context.tenantId && change.id === orderId),
    );
    return resumable({ live, pubSub: services.pubSub, log: services.changes, tenantId: context.tenantId, key: orderId, topics, mode, after });
  };
}

/**
 * Starts an async iterable's underlying subscription at once (a Repeater registers its listeners
 * only when first read), keeping the first read's result for the consumer.
 */
export function listening<T>(source: AsyncIterable<T>): AsyncGenerator<T> & { return(): Promise<IteratorResult<T>> } {
  const iterator = source[Symbol.asyncIterator]();
  const first = iterator.next();
  async function* stream(): AsyncGenerator<T> {
    try {
      for (let result = await first; !result.done; result = await iterator.next()) yield result.value;
    } finally {
      await iterator.return?.();
    }
  }
  const generator = stream();
  const returnGenerator = generator.return.bind(generator);
  // Ending before the consumer ever read must still stop the primed source.
  return Object.assign(generator, {
    async return(value?: unknown) {
      await iterator.return?.();
      return returnGenerator(value as T);
    },
  });
}
