import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { READS_STREAMS } from '../support/rows-read';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

describe('order streams a node remembers', () => {
  it("takes the checkout request and places the order on the stream this node's last command left, reading it from the log neither time", async () => {
    const { variantId } = await stockedProduct(testApp.client, 'REMEMBER', { 'REM-1': { amount: 800, stock: 3 } });
    const orderId = await draftOrder(testApp.client, [{ variantId: variantId('REM-1'), quantity: 1 }]);
    const orderReads: unknown[] = [];
    const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
      if (READS_STREAMS.test(query.sql) && JSON.stringify(query.bindings ?? []).includes(`order-${orderId}`)) orderReads.push(query.sql);
    };
    testApp.app.db.on('query', onQuery);
    try {
      expect((await checkout(testApp.client, orderId, 'tok_visa', 'remember-1')).errors).toBeUndefined();
      expect((await settledOrder(testApp.client, orderId)).status).toBe('PLACED');
    } finally {
      testApp.app.db.off('query', onQuery);
    }
    // The notification's recipient is looked up in the order's OrderCreated: that read is not a load.
    expect(orderReads.filter((sql) => !/OrderCreated/.test(String(sql)))).toEqual([]);
  });
});
