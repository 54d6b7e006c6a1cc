import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import type { GraphQLSchema } from 'graphql';
import type { SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import type { ChangePubSub } from '../graphql/pubsub';
import { listening } from '../ordering/order-subscriptions';
import type { ReadModelChange } from '../projector/projection';
import { checkThreshold } from './threshold';
import { DASHBOARD_CHANGED } from './topics';

// type-graphql calls a `subscribe` function without its resolver instance: the pub/sub is found
// through the schema being executed (one app, one schema).
const pubSubs = new WeakMap<GraphQLSchema, ChangePubSub>();

export function provideDashboardSubscriptions(schema: GraphQLSchema, pubSub: ChangePubSub): void {
  pubSubs.set(schema, pubSub);
}

/**
 * `subscribe` for `dashboardChanged`: the caller's shop's dashboard as it stands once the
 * subscription listens, then after every change. Listening comes first, so a change committed
 * between the client's own query and this subscription is in the first push rather than lost.
 */
export function dashboardChanges({ args, context, info }: SubscribeResolverData<unknown, { lowStockThreshold: number }, RequestContext>): AsyncIterable<ReadModelChange> {
  const pubSub = pubSubs.get(info.schema);
  if (!pubSub) throw new Error('dashboard subscriptions are not provided for this schema');
  // A bad threshold is refused when the subscription starts, not on every push.
  checkThreshold(args.lowStockThreshold);
  const tenantId = context.tenantId;
  const changes = listening(pubSub.subscribe(DASHBOARD_CHANGED, tenantId));
  const current: ReadModelChange = { topic: DASHBOARD_CHANGED, id: tenantId, tenantId };
  return pipe(
    Repeater.merge([[current], changes]),
    filter((change: ReadModelChange) => change.tenantId === tenantId),
  );
}
