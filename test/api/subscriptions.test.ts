import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDER_UPDATED } from '../../server/src/ordering/events';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct, ORDER_FIELDS } from '../support/catalog-fixtures';
import { subscribe } from '../support/graphql-client';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('orderUpdated subscription', () => {
  it('pushes the projected order to a WebSocket client after another client changes it', async () => {
    const staff = testApp.client;
    const { variantId } = await createProduct(staff, { variants: [{ sku: 'SUB-1', amount: 1500 }] });
    const { createOrder } = await staff.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');

    const watcher = testApp.ws();
    const pushes = subscribe<{ orderUpdated: { id: string; version: number; items: { sku: string; quantity: number }[]; total: { amount: number } } }>(
      watcher,
      `subscription($id: ID!) { orderUpdated(orderId: $id) { ${ORDER_FIELDS} } }`,
      { id: createOrder.id },
    );
    try {
      // A change made before the subscription listens would not be pushed.
      await testApp.listening(ORDER_UPDATED, createOrder.id);
      const other = testApp.client;
      await other.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 3) { id } }', { o: createOrder.id, v: variantId('SUB-1') });

      const push = await pushes.waitFor((p) => p.data?.orderUpdated.version === 2);
      expect(push.data!.orderUpdated.items).toEqual([expect.objectContaining({ sku: 'SUB-1', quantity: 3 })]);
      expect(push.data!.orderUpdated.total.amount).toBe(4500);

      // Pushed after the read row changed: a query now shows the same state.
      const { order } = await other.data<{ order: unknown }>(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, { id: createOrder.id });
      expect(order).toEqual(push.data!.orderUpdated);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('does not push changes of other orders', async () => {
    const { createOrder: watched } = await testApp.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const { createOrder: unrelated } = await testApp.client.data<{ createOrder: { id: string } }>('mutation { createOrder { id } }');
    const { variantId } = await createProduct(testApp.client, { variants: [{ sku: 'SUB-2', amount: 100 }] });
    const watcher = testApp.ws();
    const pushes = subscribe<{ orderUpdated: { id: string } }>(watcher, 'subscription($id: ID!) { orderUpdated(orderId: $id) { id version } }', { id: watched.id });
    try {
      await testApp.listening(ORDER_UPDATED, watched.id);
      await testApp.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: unrelated.id, v: variantId('SUB-2') });
      await testApp.client.data('mutation($o: ID!, $v: ID!) { addOrderItem(orderId: $o, variantId: $v, quantity: 1) { id } }', { o: watched.id, v: variantId('SUB-2') });
      await pushes.waitFor((p) => p.data?.orderUpdated.id === watched.id);
      expect(pushes.received.every((p) => p.data?.orderUpdated.id === watched.id)).toBe(true);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('refuses an invalid subscription over WebSocket with GRAPHQL_VALIDATION_FAILED, not an internal error', async () => {
    const watcher = testApp.ws();
    try {
      const errors = await new Promise<unknown>((resolve) => {
        watcher.subscribe({ query: 'subscription { noSuchField }' }, { next: () => {}, error: resolve, complete: () => resolve(undefined) });
      });
      expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) })]);
      expect(JSON.stringify(errors)).not.toMatch(/stack|at \w+ \(/);
    } finally {
      await watcher.dispose();
    }
  });
});
