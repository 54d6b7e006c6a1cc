import type { App } from '../app/app';
import type { CommandContext } from '../commands/command-context';
import type { Logger } from '../config/logger';
import type { OrderStatus } from '../ordering/order-decider';
import { orderStreamId } from '../ordering/events';
import { derivedId } from '../shared/ids';
import { demoCustomerIds } from './demo-accounts';

interface DemoOrder {
  /** Stable name: the seed marks each demo order done under it, so seeding again skips it. */
  key: string;
  /** Which demo customer it belongs to: an index into `demoCustomerEmails` (Ada, Grace). */
  customer: 0 | 1;
  lines: { sku: string; quantity: number }[];
  /** A declined attempt first, so the order's history shows a failed checkout too. */
  declinedFirst?: boolean;
  then: 'PLACED' | 'PARTIALLY_SHIPPED' | 'DELIVERED' | 'CANCELLED';
}

/** A few orders in different states, so a new user sees lifecycles and histories at once. */
export const demoOrders: DemoOrder[] = [
  { key: 'placed', customer: 0, lines: [{ sku: 'TEE-M', quantity: 2 }, { sku: 'MUG-WHITE', quantity: 1 }], then: 'PLACED' },
  { key: 'partially-shipped', customer: 1, lines: [{ sku: 'HOODIE-M', quantity: 1 }, { sku: 'STICKERS-10', quantity: 3 }], then: 'PARTIALLY_SHIPPED' },
  { key: 'delivered', customer: 0, lines: [{ sku: 'MUG-BLACK', quantity: 1 }, { sku: 'TEE-S', quantity: 1 }], declinedFirst: true, then: 'DELIVERED' },
  { key: 'cancelled', customer: 1, lines: [{ sku: 'TEE-L', quantity: 1 }], then: 'CANCELLED' },
];

const MARKER_STREAM_TYPE = 'DemoSeed';
const markerStreamId = (key: string) => `seed-demo-order-${key}`;

/**
 * Seeds the demo orders through the same services the API uses (the checkout process places
 * them), after the demo catalog, inventory and accounts: each belongs to a demo customer. Idempotent: each finished order is marked by an
 * event on its own seed stream, and a marked order is skipped.
 */
export async function seedDemoOrders(app: App, context: CommandContext, logger: Logger): Promise<number> {
  let seeded = 0;
  let customers: string[] | undefined;
  for (const demo of demoOrders) {
    const marker = await app.store.readStream(markerStreamId(demo.key), { tenantId: context.tenantId, toVersion: 1 });
    if (marker.length > 0) continue;
    customers ??= await demoCustomerIds(app, context.tenantId);
    const orderId = await seedOrder(app, demo, customers[demo.customer]!, context);
    await app.store.append(
      { streamId: markerStreamId(demo.key), streamType: MARKER_STREAM_TYPE, expectedVersion: 0, events: [{ type: 'DemoOrderSeeded', data: { key: demo.key, orderId } }] },
      { tenantId: context.tenantId, metadata: context.metadata },
    );
    seeded++;
  }
  if (seeded > 0) logger.info({ orders: seeded }, 'demo orders seeded');
  return seeded;
}

async function seedOrder(app: App, demo: DemoOrder, customerId: string, context: CommandContext): Promise<string> {
  const { orderId } = await app.ordering.service.createOrder(context, customerId);
  const variants: { variantId: string; quantity: number }[] = [];
  for (const line of demo.lines) {
    const variantId = await variantIdOf(app, context.tenantId, line.sku);
    await app.ordering.service.addItem(orderId, variantId, line.quantity, context);
    variants.push({ variantId, quantity: line.quantity });
  }
  if (demo.declinedFirst) await checkOut(app, orderId, 'tok_decline_insufficient_funds', 'DRAFT', context);
  await checkOut(app, orderId, 'tok_visa', 'PLACED', context);

  switch (demo.then) {
    case 'PLACED':
      break;
    case 'PARTIALLY_SHIPPED':
      await ship(app, orderId, variants.slice(-1), { carrier: 'DHL', trackingNumber: 'DHL-DEMO-0001' }, context);
      break;
    case 'DELIVERED': {
      const shipmentId = await ship(app, orderId, variants, { carrier: 'UPS', trackingNumber: '1Z-DEMO-0002' }, context);
      await app.fulfillment.service.deliverShipment(shipmentId, context);
      break;
    }
    case 'CANCELLED':
      await app.ordering.service.cancelOrder(orderId, 'Customer changed their mind', context);
      await app.fulfillment.cancellation.complete(orderId, context);
      break;
  }
  return orderId;
}

/** Ships the lines and captures their payment, as the shipShipment mutation does. */
async function ship(app: App, orderId: string, lines: { variantId: string; quantity: number }[], via: { carrier: string; trackingNumber: string }, context: CommandContext) {
  const { shipmentId } = await app.fulfillment.service.createShipment(orderId, lines, via.carrier, context);
  const { append } = await app.fulfillment.service.shipShipment(shipmentId, via.trackingNumber, context);
  await app.fulfillment.capture.captureShippedIn(append, context);
  return shipmentId;
}

/** Polls a read model that the projector fills asynchronously. */
async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await read();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`demo orders: ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function variantIdOf(app: App, tenantId: string, sku: string): Promise<string> {
  return eventually(`no projected variant with SKU ${sku} (is the demo catalog seeded?)`, async () => {
    const row = await app.db('catalog_variants').where({ tenant_id: tenantId, sku }).first<{ id: string } | undefined>('id');
    return row?.id;
  });
}

/** Asks for checkout and waits for the checkout process's outcome, which follows asynchronously. */
async function checkOut(app: App, orderId: string, paymentToken: string, expected: OrderStatus, context: CommandContext): Promise<void> {
  const attempt = paymentToken === 'tok_visa' ? 'paid' : 'declined';
  const { append } = await app.checkout.requests.request(orderId, { paymentToken, idempotencyKey: derivedId(orderId, attempt) }, context);
  const requestedAt = append!.versions[orderStreamId(orderId)]!;
  const outcome = await eventually(`order ${orderId} did not settle`, async () => {
    const order = await app.ordering.queries.byId(context.tenantId, orderId);
    return order && order.version > requestedAt ? order.status : undefined;
  });
  if (outcome !== expected) throw new Error(`demo order ${orderId} ended ${outcome}, expected ${expected}`);
}
