import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ScopedLoader } from '../../server/src/graphql/loaders';

/** A loader that records the batches it is asked for. */
function recordingLoader() {
  const batches: { tenantId: string; keys: string[] }[] = [];
  const loader = new ScopedLoader(async (tenantId, keys: readonly string[]) => {
    batches.push({ tenantId, keys: [...keys] });
    return keys.map((key) => `${tenantId}/${key}`);
  });
  return { loader, batches };
}

type Operation = 'query' | 'mutation' | 'subscription';

/** What a resolver is told of where it runs: the operation, the root value and the field's path. */
function infoOf(operation: Operation, rootField: object, rootValue?: unknown): GraphQLResolveInfo {
  return { operation: { operation }, rootValue, path: { prev: rootField, key: 'nested', typename: 'Order' } } as unknown as GraphQLResolveInfo;
}
const rootField = (key: string) => ({ prev: undefined, key, typename: 'Root' });

describe('ScopedLoader', () => {
  it('batches the keys of one request into one read and reads them again for the next request', async () => {
    const { loader, batches } = recordingLoader();
    const request = { tenantId: 'shop-a' };
    const info = infoOf('query', rootField('orders'));
    expect(await Promise.all(['o1', 'o2', 'o1', 'o3'].map((key) => loader.load(key, request, info)))).toEqual(['shop-a/o1', 'shop-a/o2', 'shop-a/o1', 'shop-a/o3']);
    expect(await loader.load('o2', request, info)).toBe('shop-a/o2');
    expect(batches).toEqual([{ tenantId: 'shop-a', keys: ['o1', 'o2', 'o3'] }]);

    await loader.load('o1', { tenantId: 'shop-a' }, info);
    expect(batches).toHaveLength(2);
  });

  it('reads each shop apart, even within one scope', async () => {
    const { loader, batches } = recordingLoader();
    const change = { topic: 'ORDER_UPDATED', id: 'o1', tenantId: 'shop-a' };
    const info = infoOf('subscription', rootField('orderUpdated'), change);
    const [ofA, ofB] = await Promise.all([loader.load('o1', { tenantId: 'shop-a' }, info), loader.load('o1', { tenantId: 'shop-b' }, info)]);
    expect([ofA, ofB]).toEqual(['shop-a/o1', 'shop-b/o1']);
    expect(batches).toEqual([
      { tenantId: 'shop-a', keys: ['o1'] },
      { tenantId: 'shop-b', keys: ['o1'] },
    ]);
  });

  it("shares one read among every subscriber of one pushed change, and reads again for the next change", async () => {
    const { loader, batches } = recordingLoader();
    const first = { topic: 'ORDER_UPDATED', id: 'o1', tenantId: 'shop-a' };
    // Each subscription has its own context, lasting as long as the subscription.
    const subscribers = [{ tenantId: 'shop-a' }, { tenantId: 'shop-a' }, { tenantId: 'shop-a' }];
    for (const subscriber of subscribers) await loader.load('o1', subscriber, infoOf('subscription', rootField('orderUpdated'), first));
    expect(batches).toHaveLength(1);

    const next = { ...first };
    for (const subscriber of subscribers) await loader.load('o1', subscriber, infoOf('subscription', rootField('orderUpdated'), next));
    expect(batches).toHaveLength(2);
  });

  it("gives each root field of a mutation its own reads: the next one runs after the first one's writes", async () => {
    const { loader, batches } = recordingLoader();
    const request = { tenantId: 'shop-a' };
    const firstField = rootField('cancelOrder');
    await loader.load('o1', request, infoOf('mutation', firstField));
    await loader.load('o1', request, infoOf('mutation', firstField));
    expect(batches).toHaveLength(1);
    await loader.load('o1', request, infoOf('mutation', rootField('checkoutOrder')));
    expect(batches).toHaveLength(2);
  });
});
