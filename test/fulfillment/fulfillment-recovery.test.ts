import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../server/src/eventstore/types';
import { allProjections } from '../../server/src/app/contexts';
import { rebuildProjection } from '../../server/src/projector/rebuild';
import { startTestApp, type TestApp } from '../support/app';
import { stockLevel } from '../support/checkout-fixtures';
import { CANCEL_ORDER, createShipment, deliverShipment, paymentOf, placedOrder, shipShipment } from '../support/fulfillment-fixtures';
import { EVENTUALLY_MS } from '../support/eventually';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const context = { tenantId: 'demo', metadata: { actor: 'test' } };

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = EVENTUALLY_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const eventsOf = async (streamId: string) =>
  (await testApp.app.store.readStream(streamId, { tenantId: 'demo' })) as RecordedEvent[];

describe('shipping is crash-safe', () => {
  it('records the shipment, the order and the stock commit together, and the process captures once even if the server stopped before capturing', async () => {
    const { client, app } = testApp;
    const { orderId, variantId, paymentId } = await placedOrder(client, 'CRASH', { 'CRASH-1': { amount: 600, stock: 4 } }, { 'CRASH-1': 3 });
    const shipment = await createShipment(client, orderId, [{ variantId: variantId('CRASH-1'), quantity: 2 }]);

    // What the mutation does up to the capture: as if the server died right after this append.
    const result = await app.fulfillment.service.shipShipment(shipment.id, 'TRACK-CRASH', context);
    const appended = result.append!.events.map((e) => `${e.streamId.split('-')[0]}:${e.type}`);
    expect(appended).toEqual(['shipment:ShipmentShipped', 'order:OrderShipmentRecorded', 'stock:StockReservationCommitted']);

    // The fulfillment process captures from the recorded ShipmentShipped: the value of the shipped lines.
    const payment = await eventually(
      () => paymentOf(client, orderId),
      (p) => p.captured > 0,
    );
    expect(payment).toEqual({ status: 'PARTIALLY_CAPTURED', authorized: 1800, captured: 1200, refunded: 0 });
    // The stock commit is another projection's to show: wait for it, not for the capture.
    await app.projector.waitFor('inventory', result.append!.checkpoint);
    expect(await stockLevel(client, 'CRASH-1')).toEqual({ onHand: 2, reserved: 1, available: 1 });

    // The event handed over again (a crash before the process's checkpoint moved) captures nothing more.
    const shipped = (await eventsOf(`shipment-${shipment.id}`)).find((e) => e.type === 'ShipmentShipped')!;
    await app.fulfillment.process.handle(shipped);
    await app.fulfillment.process.handle(shipped);
    const captures = (await eventsOf(`payment-${paymentId}`)).filter((e) => e.type === 'PaymentCaptured');
    expect(captures).toHaveLength(1);
    expect(captures[0]!.data).toMatchObject({ captureId: shipment.id, amount: { amount: 1200 } });
    expect(captures[0]!.metadata.gatewayIdempotencyKey).toBe(`${paymentId}:capture:${shipment.id}`);
  });

  it('completes a cancellation from the recorded OrderCancelled when the server stopped right after recording it', async () => {
    const { client, app } = testApp;
    const { orderId, paymentId } = await placedOrder(client, 'CXCRASH', { 'CXCRASH-1': { amount: 200, stock: 2 } }, { 'CXCRASH-1': 2 });
    expect(await stockLevel(client, 'CXCRASH-1')).toEqual({ onHand: 2, reserved: 2, available: 0 });

    await app.ordering.service.cancelOrder(orderId, 'crash test', context);
    await eventually(
      () => stockLevel(client, 'CXCRASH-1'),
      (s) => s.available === 2,
    );
    expect(await eventually(() => paymentOf(client, orderId), (p) => p.status === 'VOIDED')).toMatchObject({ status: 'VOIDED', captured: 0 });

    const cancelled = (await eventsOf(`order-${orderId}`)).find((e) => e.type === 'OrderCancelled')!;
    await app.fulfillment.process.handle(cancelled);
    expect((await eventsOf(`payment-${paymentId}`)).filter((e) => e.type === 'PaymentVoided')).toHaveLength(1);
    expect(await stockLevel(client, 'CXCRASH-1')).toEqual({ onHand: 2, reserved: 0, available: 2 });
  });
});

describe('fulfillment read models', () => {
  it('rebuild from the events alone equal to what the live projector built (partial commits included)', async () => {
    const { client, app } = testApp;
    const { orderId, variantId } = await placedOrder(client, 'REB', { 'REB-1': { amount: 100, stock: 6 }, 'REB-2': { amount: 50, stock: 6 } }, { 'REB-1': 3, 'REB-2': 2 });
    const first = await createShipment(client, orderId, [{ variantId: variantId('REB-1'), quantity: 1 }]);
    await shipShipment(client, first.id, 'TRACK-REB-1');
    const second = await createShipment(client, orderId, [{ variantId: variantId('REB-1'), quantity: 2 }, { variantId: variantId('REB-2'), quantity: 2 }]);
    await shipShipment(client, second.id, 'TRACK-REB-2');
    await deliverShipment(client, first.id);
    const cancelled = await placedOrder(client, 'REBC', { 'REBC-1': { amount: 100, stock: 2 } }, { 'REBC-1': 1 });
    await createShipment(client, cancelled.orderId, [{ variantId: cancelled.variantId('REBC-1'), quantity: 1 }]);
    await client.data(CANCEL_ORDER, { o: cancelled.orderId, r: 'rebuild test' });

    const names = ['shipments', 'orders', 'inventory', 'payments'];
    const projections = allProjections.filter((p) => names.includes(p.name));
    const snapshot = async () => {
      const tables: Record<string, unknown[]> = {};
      for (const projection of projections) for (const table of projection.tables) tables[table] = await testApp.database.db(table).select().orderByRaw('1, 2, 3');
      return tables;
    };
    const live = await snapshot();
    expect((live.shipments as { order_id: string; status: string }[]).filter((r) => [orderId, cancelled.orderId].includes(r.order_id)).map((r) => r.status).sort()).toEqual([
      'CANCELLED',
      'DELIVERED',
      'SHIPPED',
    ]);
    const reservations = (live.inventory_reservations as { reservation_id: string; sku: string; status: string }[]).filter((r) => r.sku.startsWith('REB-'));
    expect(reservations.map((r) => r.status)).toEqual(['COMMITTED', 'COMMITTED']);
    for (const projection of projections) await rebuildProjection(testApp.database.db, app.store, projection);
    expect(await snapshot()).toEqual(live);
  });
});
