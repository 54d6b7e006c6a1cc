import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../server/src/graphql/context';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { subscribe } from '../support/graphql-client';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('orderUpdated for a customer', () => {
  it('pushes a change committed while the subscription is still checking ownership', async () => {
    const { variantId } = await createProduct(testApp.client, { variants: [{ sku: 'RACE-1', amount: 700 }] });
    const customer = await testApp.clientAs('CUSTOMER');
    const { createOrder } = await customer.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');

    // The ownership check may read the database; make a change land (and be announced) right then.
    const access = testApp.app.ordering.access;
    const check = access.requireFollowable.bind(access);
    let changedDuringCheck = false;
    access.requireFollowable = async (ctx: RequestContext, orderId: string) => {
      await check(ctx, orderId);
      if (!changedDuringCheck) {
        changedDuringCheck = true;
        await customer.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: orderId, v: variantId('RACE-1') });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };

    const watcher = testApp.ws({ authorization: customer.authorization });
    const pushes = subscribe<{ orderUpdated: { version: number } }>(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { version } }', { id: createOrder.id });
    try {
      const push = await pushes.waitFor((p) => p.data?.orderUpdated.version === 2);
      expect(changedDuringCheck).toBe(true);
      expect(push.data!.orderUpdated.version).toBe(2);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
      access.requireFollowable = check;
    }
  });
});
