import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';

/** One shop's keys in, their values out in the same order: one statement for all of them. */
export type BatchRead<K, V> = (tenantId: string, keys: readonly K[]) => Promise<readonly V[]>;

/**
 * A lookup per parent row (an order's checkout, payment, shipments, history…) batched with
 * DataLoader: every parent resolved in one execution scope is read with one statement.
 *
 * Each context declares its own (`new ScopedLoader(...)` over its queries) and resolvers call
 * `load`. The loaders are made per execution scope and per shop, so nothing read for one request,
 * push or shop is ever served to another; reads stay what `batch` makes them (row-level security,
 * the shop's filter), and access checks stay with the resolvers.
 */
export class ScopedLoader<K, V> {
  constructor(private readonly batch: BatchRead<K, V>) {}

  load(key: K, ctx: { tenantId: string }, info: GraphQLResolveInfo): Promise<V> {
    const loaders = getOrAdd(scopes, scopeOf(ctx, info), () => new Map());
    const byShop = getOrAdd(loaders, this, () => new Map()) as Map<string, DataLoader<K, V>>;
    return getOrAdd(byShop, ctx.tenantId, () => new DataLoader<K, V>((keys) => this.batch(ctx.tenantId, keys))).load(key);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const scopes = new WeakMap<object, Map<ScopedLoader<any, any>, Map<string, DataLoader<any, any>>>>();

/**
 * What a loader's cache lives for:
 * - a query: the request (its context);
 * - a mutation: one root field, as they run one after another, each after its own writes;
 * - a subscription: one pushed change. Its context lasts as long as the subscription, so it would
 *   answer later pushes with what the first one read; the published change, on the other hand, is
 *   the same object for every subscriber of that publish, so they all share one read.
 */
function scopeOf(ctx: object, info: GraphQLResolveInfo): object {
  if (info.operation.operation === 'query') return ctx;
  if (info.operation.operation === 'subscription' && typeof info.rootValue === 'object' && info.rootValue !== null) return info.rootValue;
  return rootField(info.path);
}

/** The path of the root field `path` is under: one object, shared by everything beneath that field. */
function rootField(path: GraphQLResolveInfo['path']): object {
  while (path.prev) path = path.prev;
  return path;
}

function getOrAdd<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}
