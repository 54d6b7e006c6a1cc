import { filter, pipe, Repeater } from '@graphql-yoga/subscription';
import type { SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../graphql/context';
import { shopWide } from '../graphql/pubsub';
import type { ReadModelChange } from '../projector/projection';
import { customerScope, type OrderAccess } from './order-access';
import { listening, orderSubscriptionServices } from './order-subscriptions';

/**
 * The owner of a changed order, read once per published change: every customer subscribed to
 * the shop's orders is handed the same change object, so they share this one read instead of
 * each reading the order.
 */
const owners = new WeakMap<ReadModelChange, Promise<string | null>>();

function ownerOf(access: OrderAccess, change: ReadModelChange): Promise<string | null> {
  let owner = owners.get(change);
  if (!owner) owners.set(change, (owner = access.ownerOf(change.tenantId, change.id)));
  return owner;
}

/**
 * `subscribe` for the changes of every order of the caller's shop on `topics`: staff and admins
 * get them all, a customer only those of their own orders, anonymous callers nothing
 * (UNAUTHENTICATED). The scope is decided once, at subscribe time, from the caller's token.
 */
export function shopOrderChanges(topics: readonly string[]) {
  return ({ context, info }: SubscribeResolverData<unknown, Record<string, never>, RequestContext>): AsyncIterable<ReadModelChange> => {
    const services = orderSubscriptionServices(info.schema);
    const customerId = customerScope(context);
    const changes = listening(Repeater.merge(topics.map((topic) => services.pubSub.subscribe(topic, shopWide(context.tenantId)))));
    const ofShop = pipe(
      changes,
      filter((change: ReadModelChange) => change.tenantId === context.tenantId),
    );
    if (customerId === undefined) return ofShop;
    return pipe(
      ofShop,
      filter(async (change: ReadModelChange) => (await ownerOf(services.access, change)) === customerId),
    );
  };
}
