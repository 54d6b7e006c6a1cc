import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_PROJECTION, dashboardProjection } from '../../server/src/dashboard/dashboard-projection';
import { DashboardQueries } from '../../server/src/dashboard/dashboard-queries';
import { DASHBOARD_CHANGED } from '../../server/src/dashboard/topics';
import { DEFAULT_TENANT } from '../../server/src/eventstore/types';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { startTestApp, type SignedInClient, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { checkout, draftOrder, settledOrder, stockedProduct, stockUp } from '../support/checkout-fixtures';
import { httpClient, subscribe, type HttpClient } from '../support/graphql-client';
import { projectedUpToNow } from '../support/log-position';
import { expectRejected } from '../support/rejections';

const HOUR_MS = 60 * 60_000;

const WINDOW = 'from to ordersPlaced revenue { amount currency } checkoutsFailed failuresByReason { reason count } ordersOverTime { start ordersPlaced }';
const DASHBOARD = `lastHour { ${WINDOW} } lastDay { ${WINDOW} } lowStockThreshold stockAlerts { sku onHand reserved available level } stockAlertCount`;
const QUERY = `query($t: Int) { dashboard(lowStockThreshold: $t) { at ${DASHBOARD} } }`;

interface Window {
  from: string;
  to: string;
  ordersPlaced: number;
  revenue: { amount: number; currency: string }[];
  checkoutsFailed: number;
  failuresByReason: { reason: string; count: number }[];
  ordersOverTime: { start: string; ordersPlaced: number }[];
}
interface Dashboard {
  lastHour: Window;
  lastDay: Window;
  lowStockThreshold: number;
  stockAlerts: { sku: string; onHand: number; reserved: number; available: number; level: string }[];
  stockAlertCount: number;
}

let testApp: TestApp;
let staff: SignedInClient;
let customer: SignedInClient;
let mug: Awaited<ReturnType<typeof stockedProduct>>;

async function placeOrder(client: HttpClient, lines: { variantId: string; quantity: number }[], token: string, key: string) {
  const orderId = await draftOrder(client, lines);
  await checkout(client, orderId, token, key);
  return settledOrder(client, orderId);
}

const dashboardOf = async (client: HttpClient, threshold?: number) => (await client.data<{ dashboard: Dashboard }>(QUERY, { t: threshold })).dashboard;

beforeAll(async () => {
  testApp = await startTestApp();
  staff = await testApp.clientAs('STAFF');
  customer = await testApp.clientAs('CUSTOMER');
  mug = await stockedProduct(testApp.client, 'DASH-WH', {
    'DASH-MUG': { amount: 1250, stock: 10 },
    'DASH-GONE': { amount: 500, stock: 1 },
    'DASH-LAST': { amount: 900, stock: 1 },
  });
  const cap = await createProduct(testApp.client, { name: 'Cap', variants: [{ sku: 'DASH-CAP', amount: 1500, currency: 'USD' }] });
  await stockUp(testApp.client, 'DASH-US', { 'DASH-CAP': 3 });

  const placed = await placeOrder(customer.client, [{ variantId: mug.variantId('DASH-MUG'), quantity: 2 }, { variantId: mug.variantId('DASH-GONE'), quantity: 1 }], 'tok_visa', 'dash-a');
  expect(placed.status).toBe('PLACED');
  expect((await placeOrder(customer.client, [{ variantId: cap.variantId('DASH-CAP'), quantity: 1 }], 'tok_visa', 'dash-b')).status).toBe('PLACED');
  const declined = await placeOrder(customer.client, [{ variantId: mug.variantId('DASH-MUG'), quantity: 1 }], 'tok_decline_insufficient_funds', 'dash-c');
  expect(declined.checkout.failureReason).toBe('PAYMENT_DECLINED');
  const short = await placeOrder(customer.client, [{ variantId: mug.variantId('DASH-LAST'), quantity: 2 }], 'tok_visa', 'dash-d');
  expect(short.checkout.failureReason).toBe('OUT_OF_STOCK');
  await projectedUpToNow(testApp, DASHBOARD_PROJECTION);
}, 60_000);

afterAll(() => testApp.stop());

describe('dashboard query', () => {
  it('counts orders placed, revenue per currency and failed checkouts by reason, for the last hour and the last day', async () => {
    const dashboard = await dashboardOf(staff.client);
    for (const window of [dashboard.lastHour, dashboard.lastDay]) {
      expect(window).toMatchObject({
        ordersPlaced: 2,
        revenue: [
          { amount: 3000, currency: 'EUR' },
          { amount: 1500, currency: 'USD' },
        ],
        checkoutsFailed: 2,
        failuresByReason: [
          { reason: 'OUT_OF_STOCK', count: 1 },
          { reason: 'PAYMENT_DECLINED', count: 1 },
          { reason: 'PAYMENT_ERROR', count: 0 },
          { reason: 'RESERVATION_EXPIRED', count: 0 },
        ],
      });
      expect(window.ordersOverTime.reduce((sum, step) => sum + step.ordersPlaced, 0)).toBe(2);
    }
    expect(dashboard.lastHour.ordersOverTime).toHaveLength(60);
    expect(dashboard.lastDay.ordersOverTime).toHaveLength(24);
    expect(Date.parse(dashboard.lastHour.to) - Date.parse(dashboard.lastHour.from)).toBe(HOUR_MS);
    expect(Date.parse(dashboard.lastDay.to) - Date.parse(dashboard.lastDay.from)).toBe(24 * HOUR_MS);
  });

  it('lists the SKUs at or below the threshold from the inventory, out of stock first', async () => {
    const dashboard = await dashboardOf(staff.client);
    expect(dashboard.lowStockThreshold).toBe(5);
    expect(dashboard.stockAlerts).toEqual([
      { sku: 'DASH-GONE', onHand: 1, reserved: 1, available: 0, level: 'OUT_OF_STOCK' },
      { sku: 'DASH-LAST', onHand: 1, reserved: 0, available: 1, level: 'LOW' },
      { sku: 'DASH-CAP', onHand: 3, reserved: 1, available: 2, level: 'LOW' },
    ]);
    expect(dashboard.stockAlertCount).toBe(3);
    const wider = await dashboardOf(staff.client, 8);
    expect(wider.stockAlerts.map((a) => a.sku)).toEqual(['DASH-GONE', 'DASH-LAST', 'DASH-CAP', 'DASH-MUG']);
  });

  it('places events by their recorded minute: an hour later they are out of the last hour, a day later out of the last day', async () => {
    const queries = new DashboardQueries(testApp.app.db);
    const later = await queries.dashboard(DEFAULT_TENANT, new Date(Date.now() + 2 * HOUR_MS), 5);
    expect(later.lastHour).toMatchObject({ ordersPlaced: 0, revenue: [], checkoutsFailed: 0 });
    expect(later.lastDay).toMatchObject({ ordersPlaced: 2, checkoutsFailed: 2 });
    const nextDay = await queries.dashboard(DEFAULT_TENANT, new Date(Date.now() + 25 * HOUR_MS), 5);
    expect(nextDay.lastDay).toMatchObject({ ordersPlaced: 0, revenue: [], checkoutsFailed: 0 });
    const before = await queries.dashboard(DEFAULT_TENANT, new Date(Date.now() - 2 * HOUR_MS), 5);
    expect(before.lastDay.ordersPlaced).toBe(0);
  });

  it('is the same after a rebuild from the events', async () => {
    const { db } = testApp.database;
    const snapshot = async () => ({
      orders: await db('dashboard_order_minutes').orderBy(['tenant_id', 'bucket_start', 'currency']),
      failures: await db('dashboard_checkout_failure_minutes').orderBy(['tenant_id', 'bucket_start', 'reason']),
    });
    await projectedUpToNow(testApp, DASHBOARD_PROJECTION);
    const live = await snapshot();
    expect(live.orders.length).toBeGreaterThan(0);
    expect(live.failures.length).toBeGreaterThan(0);
    await rebuildProjection(db, testApp.app.store, dashboardProjection);
    expect(await snapshot()).toEqual(live);
  });

  it('is for staff and admins: a customer is FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    expect((await dashboardOf(testApp.client)).lastDay.ordersPlaced).toBe(2);
    expect((await customer.client.error(QUERY)).code).toBe('FORBIDDEN');
    expect((await testApp.anonymous.error(QUERY)).code).toBe('UNAUTHENTICATED');
  });

  it('refuses a negative threshold', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', QUERY, { t: -1 });
  });

  it("shows a shop only its own figures", async () => {
    const { createShop } = await testApp.anonymous.data<{ createShop: { token: string } }>(
      'mutation($s: String!, $n: String!, $o: ShopOwnerInput!) { createShop(slug: $s, name: $n, owner: $o) { token } }',
      { s: 'dash-other', n: 'Other shop', o: { email: 'owner@dash-other.test', password: 'correct horse battery', name: 'Owner' } },
    );
    const other = httpClient(testApp.app.url, { authorization: `Bearer ${createShop.token}` });
    const dashboard = await dashboardOf(other);
    expect(dashboard.lastDay).toMatchObject({ ordersPlaced: 0, revenue: [], checkoutsFailed: 0 });
    expect(dashboard.stockAlerts).toEqual([]);
  });
});

describe('dashboardChanged subscription', () => {
  it('pushes fresh figures when an order is placed and when stock changes', async () => {
    const watcher = testApp.ws({ authorization: staff.authorization });
    const pushes = subscribe<{ dashboardChanged: Dashboard }>(watcher, `subscription { dashboardChanged { ${DASHBOARD} } }`);
    try {
      await testApp.listening(DASHBOARD_CHANGED, DEFAULT_TENANT);
      const before = (await dashboardOf(staff.client)).lastHour.ordersPlaced;
      await placeOrder(customer.client, [{ variantId: mug.variantId('DASH-MUG'), quantity: 1 }], 'tok_visa', 'dash-live');
      const placed = await pushes.waitFor((p) => p.data?.dashboardChanged.lastHour.ordersPlaced === before + 1);
      expect(placed.data!.dashboardChanged.lastHour.revenue).toContainEqual({ amount: 4250, currency: 'EUR' });

      await testApp.client.data('mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { sku } }', { i: { sku: 'DASH-LAST', warehouseId: mug.warehouseId, quantity: 20 } });
      await pushes.waitFor((p) => p.data !== undefined && p.data !== null && !p.data.dashboardChanged.stockAlerts.some((a) => a.sku === 'DASH-LAST'));
      expect(pushes.received.every((p) => !p.errors)).toBe(true);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('pushes the dashboard as it stands as soon as the subscription listens', async () => {
    const watcher = testApp.ws({ authorization: staff.authorization });
    const pushes = subscribe<{ dashboardChanged: Dashboard }>(watcher, `subscription { dashboardChanged(lowStockThreshold: 8) { ${DASHBOARD} } }`);
    try {
      const first = await pushes.waitFor((p) => p.data?.dashboardChanged !== undefined);
      const now = await dashboardOf(staff.client, 8);
      expect(first.data!.dashboardChanged.lastDay.ordersPlaced).toBe(now.lastDay.ordersPlaced);
      expect(first.data!.dashboardChanged.stockAlerts).toEqual(now.stockAlerts);
      expect(first.data!.dashboardChanged.lowStockThreshold).toBe(8);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('refuses a negative threshold when the subscription starts', async () => {
    const watcher = testApp.ws({ authorization: staff.authorization });
    const pushes = subscribe(watcher, `subscription { dashboardChanged(lowStockThreshold: -1) { lowStockThreshold } }`);
    try {
      const refused = await pushes.waitFor((p) => (p.errors?.length ?? 0) > 0).catch((error: unknown) => ({ errors: [{ extensions: { code: String(error) } }] }));
      expect(JSON.stringify(refused.errors)).toContain('BAD_USER_INPUT');
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });

  it('refuses a customer', async () => {
    const watcher = testApp.ws({ authorization: customer.authorization });
    const pushes = subscribe(watcher, `subscription { dashboardChanged { lowStockThreshold } }`);
    try {
      const refused = await pushes.waitFor((p) => (p.errors?.length ?? 0) > 0).catch((error: unknown) => ({ errors: [{ extensions: { code: String(error) } }] }));
      expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });
});
