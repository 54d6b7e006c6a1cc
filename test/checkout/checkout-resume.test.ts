import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutProcess, type CheckoutProcessDeps } from '../../server/src/checkout/checkout-process';
import { checkoutStreamId, type CheckoutEvent } from '../../server/src/checkout/events';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { RecordedEvent } from '../../server/src/eventstore/types';
import { stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { orderStreamId, type OrderEvent } from '../../server/src/ordering/events';
import { paymentStreamId, type PaymentEvent } from '../../server/src/payments/events';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { CountingGateway } from '../payments/gateway-fakes';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, COMPLETED_CHECKOUT, draftOrder, settledOrder, stockedProduct, stockLevel } from '../support/checkout-fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { EVENTUALLY_MS } from '../support/eventually';
import { GatedGateway } from '../support/gated-gateway';
import { reached } from '../../server/src/projector/checkpoints';

/** Stands for the process dying: nothing after the point where it is thrown happens. */
class ProcessKilled extends Error {}

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** One server process over the shared database; the sweep is off so nothing but the checkout moves stock. */
const startServer = (gateway: CountingGateway | GatedGateway) => startTestApp({ database, paymentGateway: gateway, reservationExpiryIntervalMs: 0 });

/** The log, read past any one server's lifetime. */
const store = () => new EventStore(database.db);

async function typesOf(streamId: string): Promise<string[]> {
  return (await store().readStream(streamId, { tenantId: 'demo' })).map((e) => e.type);
}

/** What the checkout of `orderId` recorded everywhere, read from the events (the truth, not a read model). */
async function recordedCheckout(orderId: string, skus: string[]) {
  const log = store();
  const orderEvents = (await log.readStream(orderStreamId(orderId), { tenantId: 'demo' })) as unknown as OrderEvent[];
  const requests = orderEvents.filter((e) => e.type === 'CheckoutRequested');
  expect(requests).toHaveLength(1);
  const checkoutId = requests[0]!.type === 'CheckoutRequested' ? requests[0]!.data.checkoutId : '';
  const checkoutEvents = (await log.readStream(checkoutStreamId(checkoutId), { tenantId: 'demo' })) as unknown as CheckoutEvent[];
  const requested = checkoutEvents.find((e) => e.type === 'CheckoutPaymentAuthorizationRequested');
  const paymentId = requested?.type === 'CheckoutPaymentAuthorizationRequested' ? requested.data.paymentId : undefined;
  const paymentEvents = paymentId ? ((await log.readStream(paymentStreamId(paymentId), { tenantId: 'demo' })) as unknown as PaymentEvent[]) : [];
  const reservedPerSku = Object.fromEntries(
    await Promise.all(
      skus.map(async (sku) => {
        const stockEvents = (await log.readStream(stockStreamId(sku), { tenantId: 'demo' })) as unknown as StockEvent[];
        return [sku, stockEvents.filter((e) => e.type === 'StockReserved' && e.data.reservationId === checkoutId).length] as const;
      }),
    ),
  );
  return { checkoutId, orderTypes: orderEvents.map((e) => e.type), checkoutTypes: checkoutEvents.map((e) => e.type), paymentEvents, reservedPerSku };
}

/** Waits until the checkout process (every bucket of it) has passed the order's CheckoutRequested. */
async function checkoutProcessPassedRequestOf(orderId: string): Promise<void> {
  const request = (await store().readStream(orderStreamId(orderId), { tenantId: 'demo' })).find((e) => e.type === 'CheckoutRequested')!;
  const { db } = database;
  await expect
    .poll(
      async () => {
        const rows = await db('projection_checkpoints').where('name', 'like', 'process:checkout%').select(db.raw('transaction_id::text AS transaction_id'), 'global_position');
        return rows.length > 0 && rows.every((row) => reached({ transactionId: row.transaction_id, position: Number(row.global_position) }, { transactionId: request.transactionId, position: request.position }));
      },
      { timeout: EVENTUALLY_MS },
    )
    .toBe(true);
}

/** `service` with `method` doing its work and then the process dying before anything else happens. */
function dyingAfter<T extends object>(service: T, method: keyof T & string): T {
  const real = service[method] as (...args: unknown[]) => Promise<unknown>;
  return Object.assign(Object.create(service) as T, {
    async [method](...args: unknown[]) {
      await real.apply(service, args);
      throw new ProcessKilled(`killed after ${method}`);
    },
  });
}

/**
 * `service` with `method` held at its start until the test lets it go: `reached` resolves once it
 * was called (rejects if `running` settles first), `resume()` lets it do its work.
 */
function pausedBefore<T extends object>(service: T, method: keyof T & string) {
  const real = service[method] as (...args: unknown[]) => Promise<unknown>;
  let arrived!: () => void;
  let resume!: () => void;
  const called = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (resume = resolve));
  const paused = Object.assign(Object.create(service) as T, {
    async [method](...args: unknown[]) {
      arrived();
      await gate;
      return real.apply(service, args);
    },
  });
  const reached = (running: Promise<unknown>) =>
    Promise.race([called, running.then(() => Promise.reject(new Error(`finished without calling ${method}`)))]);
  return { service: paused, reached, resume };
}

/**
 * Stops the server's own process manager and asks for a checkout of `orderId`; the checkout process
 * (built with `deps` in place of the server's services) is then handed the order's CheckoutRequested
 * by hand, as its process manager would: `running` is that delivery, which drives the whole checkout.
 */
async function checkoutDrivenByHand(server: TestApp, orderId: string, deps: Partial<Pick<CheckoutProcessDeps, 'inventory' | 'payments' | 'ordering'>> = {}) {
  const { app } = server;
  await app.projector.stop();
  await app.checkout.requests.request(orderId, { paymentToken: 'tok_visa', idempotencyKey: `by-hand-${orderId}` }, { tenantId: 'demo', metadata: { actor: 'test' } });
  const process = new CheckoutProcess({
    store: app.store,
    ordering: app.ordering.service,
    inventory: app.inventory.service,
    payments: app.payments.service,
    tokens: app.payments.vault,
    logger: createLogger('silent'),
    reservationTtlMs: 15 * 60_000,
    ...deps,
  });
  const requested = (await app.store.readStream(orderStreamId(orderId), { tenantId: 'demo' })).at(-1) as RecordedEvent;
  expect(requested.type).toBe('CheckoutRequested');
  const running = process.handle(requested);
  // Awaited (and so reported) by the test; this only keeps a failure before then from counting as unhandled.
  running.catch(() => {});
  return { checkoutId: (requested.data as { checkoutId: string }).checkoutId, running };
}

describe('a checkout interrupted by the process stopping resumes after a restart and completes exactly once', () => {
  it('killed after the stock was reserved but before the checkout recorded it: the restart reserves nothing twice and charges once', async () => {
    const first = await startServer(new CountingGateway(new SimulatedGateway(database.db)));
    const { variantId } = await stockedProduct(first.client, 'RESUME', { 'RESUME-1': { amount: 1200, stock: 4 }, 'RESUME-2': { amount: 300, stock: 4 } });
    const orderId = await draftOrder(first.client, [
      { variantId: variantId('RESUME-1'), quantity: 3 },
      { variantId: variantId('RESUME-2'), quantity: 1 },
    ]);

    // The first server's own process manager is held still; its checkout process is driven by hand
    // instead, with an inventory that dies right after its reservation is stored.
    const { running } = await checkoutDrivenByHand(first, orderId, { inventory: dyingAfter(first.app.inventory.service, 'reserve') });
    await expect(running).rejects.toThrow(ProcessKilled);
    await first.stop();

    // What the dead process left: stock reserved, the checkout not even recorded as started (that
    // is recorded with the reservation), no payment.
    const left = await recordedCheckout(orderId, ['RESUME-1', 'RESUME-2']);
    expect(left.checkoutTypes).toEqual([]);
    expect(left.reservedPerSku).toEqual({ 'RESUME-1': 1, 'RESUME-2': 1 });
    expect(left.paymentEvents).toEqual([]);

    const gateway = new CountingGateway(new SimulatedGateway(database.db));
    const second = await startServer(gateway);
    try {
      const order = await settledOrder(second.client, orderId);
      expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', failureReason: null, attempts: 1 }, payment: { status: 'AUTHORIZED', amountAuthorized: { amount: 3900 } } });

      const done = await recordedCheckout(orderId, ['RESUME-1', 'RESUME-2']);
      expect(done.reservedPerSku).toEqual({ 'RESUME-1': 1, 'RESUME-2': 1 });
      expect(done.checkoutTypes).toEqual(COMPLETED_CHECKOUT);
      expect(done.paymentEvents.filter((e) => e.type === 'PaymentAuthorized')).toHaveLength(1);
      expect(gateway.count('authorize')).toBe(1);
      expect(done.orderTypes.filter((t) => t === 'OrderPlaced')).toHaveLength(1);
      expect(await stockLevel(second.client, 'RESUME-1')).toEqual({ onHand: 4, reserved: 3, available: 1 });
      expect(await stockLevel(second.client, 'RESUME-2')).toEqual({ onHand: 4, reserved: 1, available: 3 });
    } finally {
      await second.stop();
    }
  });

  it('killed while the gateway was authorizing (the provider had already said yes): the restart asks again with the same key and is charged once', async () => {
    const provider = new SimulatedGateway(database.db);
    const reachingProvider = new CountingGateway(provider);
    const hanging = new GatedGateway(reachingProvider, { providerAnswersFirst: true });
    const first = await startServer(hanging);
    const { variantId } = await stockedProduct(first.client, 'MIDPAY', { 'MIDPAY-1': { amount: 450, stock: 2 } });
    const orderId = await draftOrder(first.client, [{ variantId: variantId('MIDPAY-1'), quantity: 2 }]);
    await checkout(first.client, orderId, 'tok_visa', 'midpay-1');
    await hanging.held();

    // The process dies with the answer on its way back: its database sessions go (and with them the
    // session lock that holds the checkout process's place in the log); nothing of it runs on.
    const dying = first.app.stop();
    const { rows: killed } = await database.admin(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = $1 AND (xact_start IS NOT NULL OR pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory'))`,
      [new URL(database.url).pathname.slice(1)],
    );
    expect(killed.length).toBeGreaterThan(0);
    const left = await recordedCheckout(orderId, ['MIDPAY-1']);
    expect(left.checkoutTypes).toEqual(['CheckoutStarted', 'CheckoutStockReservationRequested', 'CheckoutStockReserved', 'CheckoutPaymentAuthorizationRequested']);
    expect(left.paymentEvents.map((e) => e.type)).toEqual(['PaymentCreated']);

    const second = await startServer(reachingProvider);
    try {
      const order = await settledOrder(second.client, orderId);
      expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 1 }, payment: { status: 'AUTHORIZED', amountAuthorized: { amount: 900 } } });

      // Only now does the dead process's gateway call come back, failed: it must change nothing.
      hanging.fail(new ProcessKilled('the process is gone'));
      await dying;

      const done = await recordedCheckout(orderId, ['MIDPAY-1']);
      expect(done.reservedPerSku).toEqual({ 'MIDPAY-1': 1 });
      expect(done.checkoutTypes.filter((t) => t === 'CheckoutCompleted')).toHaveLength(1);
      expect(done.checkoutTypes).not.toContain('CheckoutFailed');
      const authorized = done.paymentEvents.filter((e) => e.type === 'PaymentAuthorized');
      expect(authorized).toHaveLength(1);
      expect(done.orderTypes.filter((t) => t === 'OrderPlaced')).toHaveLength(1);
      // The provider was asked twice, with the same key, and authorized once: asking it again gives
      // back the very authorization the payment recorded, holding the amount once.
      expect(reachingProvider.calls.filter((c) => c.method === 'authorize').map((c) => c.idempotencyKey)).toEqual([order.payment.id, order.payment.id]);
      const authorizationId = authorized[0]!.type === 'PaymentAuthorized' ? authorized[0]!.data.authorizationId : '';
      expect(await provider.authorize({ tenantId: 'demo', idempotencyKey: order.payment.id, amount: { amount: 900, currency: 'EUR' }, token: 'tok_visa' })).toEqual({ outcome: 'AUTHORIZED', authorizationId });
      expect(await provider.holdOf('demo', authorizationId)).toMatchObject({ amount: { amount: 900 }, captured: 0 });
      expect(await typesOf(stockStreamId('MIDPAY-1'))).toEqual(['StockReceived', 'StockReserved', 'StockReservationConfirmed']);
      expect(await stockLevel(second.client, 'MIDPAY-1')).toEqual({ onHand: 2, reserved: 2, available: 0 });
    } finally {
      hanging.fail(new ProcessKilled('the process is gone'));
      await second.stop();
    }
  });
  it('killed right after the order was placed, with the completion in the same append: the restart finds the checkout done and repeats nothing', async () => {
    const first = await startServer(new CountingGateway(new SimulatedGateway(database.db)));
    const { variantId } = await stockedProduct(first.client, 'DONE', { 'DONE-1': { amount: 700, stock: 5 } });
    const orderId = await draftOrder(first.client, [{ variantId: variantId('DONE-1'), quantity: 2 }]);
    const { running } = await checkoutDrivenByHand(first, orderId, { ordering: dyingAfter(first.app.ordering.service, 'placeOrder') });
    await expect(running).rejects.toThrow(ProcessKilled);
    await first.stop();

    // The order's OrderPlaced and the checkout's completion committed together.
    const left = await recordedCheckout(orderId, ['DONE-1']);
    expect(left.orderTypes.at(-1)).toBe('OrderPlaced');
    expect(left.checkoutTypes.slice(-2)).toEqual(['CheckoutPaymentAuthorized', 'CheckoutCompleted']);

    const gateway = new CountingGateway(new SimulatedGateway(database.db));
    const second = await startServer(gateway);
    try {
      const order = await settledOrder(second.client, orderId);
      expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 1 }, payment: { status: 'AUTHORIZED' } });
      // Once the restarted checkout process has been handed the request again and passed it, nothing was added to any stream.
      await checkoutProcessPassedRequestOf(orderId);
      const done = await recordedCheckout(orderId, ['DONE-1']);
      expect(done).toEqual(left);
      expect(gateway.calls).toEqual([]);
      expect(await typesOf(stockStreamId('DONE-1'))).toEqual(['StockReceived', 'StockReserved', 'StockReservationConfirmed']);
    } finally {
      await second.stop();
    }
  });

  it('killed right after the order was placed, before the checkout recorded it (as a run of an older version left it): the restart places, confirms and authorizes nothing twice', async () => {
    const first = await startServer(new CountingGateway(new SimulatedGateway(database.db)));
    const { variantId } = await stockedProduct(first.client, 'PLACED', { 'PLACED-1': { amount: 700, stock: 5 } });
    const orderId = await draftOrder(first.client, [{ variantId: variantId('PLACED-1'), quantity: 2 }]);
    // Records the payment's authorization, then places the order without the checkout's completion,
    // each in an append of its own, as the executor did before the three shared one.
    const ordering = first.app.ordering.service;
    const placingAlone = Object.assign(Object.create(ordering) as typeof ordering, {
      placeOrder: async (...[orderId, checkoutId, paymentId, context, also]: Parameters<typeof ordering.placeOrder>) => {
        for (const append of also?.before ?? []) await first.app.store.append(append, context);
        return ordering.placeOrder(orderId, checkoutId, paymentId, context);
      },
    });
    const { running } = await checkoutDrivenByHand(first, orderId, { ordering: dyingAfter(placingAlone, 'placeOrder') });
    await expect(running).rejects.toThrow(ProcessKilled);
    await first.stop();

    // The order is placed; the checkout still shows the payment being authorized.
    const left = await recordedCheckout(orderId, ['PLACED-1']);
    expect(left.orderTypes.at(-1)).toBe('OrderPlaced');
    expect(left.checkoutTypes.at(-1)).toBe('CheckoutPaymentAuthorizationRequested');

    const gateway = new CountingGateway(new SimulatedGateway(database.db));
    const second = await startServer(gateway);
    try {
      const order = await settledOrder(second.client, orderId);
      expect(order).toMatchObject({ status: 'PLACED', checkout: { status: 'COMPLETED', attempts: 1 }, payment: { status: 'AUTHORIZED', amountAuthorized: { amount: 1400 } } });
      const done = await recordedCheckout(orderId, ['PLACED-1']);
      expect(done.checkoutTypes.slice(-2)).toEqual(['CheckoutPaymentAuthorized', 'CheckoutCompleted']);
      expect(done.orderTypes.filter((t) => t === 'OrderPlaced')).toHaveLength(1);
      expect(done.paymentEvents.filter((e) => e.type === 'PaymentAuthorized')).toHaveLength(1);
      // The payment answered from what it recorded: the restarted server never reached the gateway.
      expect(gateway.calls).toEqual([]);
      expect(done.reservedPerSku).toEqual({ 'PLACED-1': 1 });
      expect(await typesOf(stockStreamId('PLACED-1'))).toEqual(['StockReceived', 'StockReserved', 'StockReservationConfirmed']);
      expect(await stockLevel(second.client, 'PLACED-1')).toEqual({ onHand: 5, reserved: 2, available: 3 });
    } finally {
      await second.stop();
    }
  });

  it('killed while undoing a checkout whose reservation expired, right after voiding the payment: the restart finishes the undoing without voiding again', async () => {
    const first = await startServer(new CountingGateway(new SimulatedGateway(database.db)));
    const { variantId } = await stockedProduct(first.client, 'UNDO', { 'UNDO-1': { amount: 250, stock: 3 } });
    const orderId = await draftOrder(first.client, [{ variantId: variantId('UNDO-1'), quantity: 3 }]);
    // The checkout runs until it is about to confirm the reservation, with the payment authorized.
    const confirming = pausedBefore(first.app.inventory.service, 'confirm');
    const { checkoutId, running } = await checkoutDrivenByHand(first, orderId, { inventory: confirming.service, payments: dyingAfter(first.app.payments.service, 'void') });
    await confirming.reached(running);
    // The authorization is only noted so far: it is recorded with the completion, or before any undoing.
    expect((await recordedCheckout(orderId, [])).checkoutTypes.at(-1)).toBe('CheckoutPaymentAuthorizationRequested');
    // Before the order is placed, the reservation expires (as the sweep would release it)...
    const ctx = { tenantId: 'demo', metadata: { actor: 'reservation-expiry' } };
    expect((await first.app.inventory.service.release(checkoutId, ['UNDO-1'], 'EXPIRED', ctx, { now: new Date(Date.now() + 16 * 60_000) })).append).toBeDefined();
    // ...so the checkout is undone instead, and the process dies right after voiding the payment.
    confirming.resume();
    await expect(running).rejects.toThrow(ProcessKilled);
    await first.stop();
    const left = await recordedCheckout(orderId, ['UNDO-1']);
    expect(left.paymentEvents.map((e) => e.type)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentVoided']);
    expect(left.checkoutTypes).not.toContain('CheckoutFailed');
    expect(left.orderTypes).not.toContain('OrderCheckoutFailed');

    const gateway = new CountingGateway(new SimulatedGateway(database.db));
    const second = await startServer(gateway);
    try {
      const order = await settledOrder(second.client, orderId);
      expect(order).toMatchObject({ status: 'DRAFT', checkout: { status: 'FAILED', failureReason: 'RESERVATION_EXPIRED', attempts: 1 }, payment: { status: 'VOIDED' } });
      const done = await recordedCheckout(orderId, ['UNDO-1']);
      expect(done.checkoutTypes.slice(-2)).toEqual(['CheckoutPaymentAuthorized', 'CheckoutFailed']);
      expect(done.paymentEvents.filter((e) => e.type === 'PaymentVoided')).toHaveLength(1);
      expect(gateway.calls).toEqual([]);
      expect(done.orderTypes.filter((t) => t === 'OrderCheckoutFailed')).toHaveLength(1);
      expect(await typesOf(stockStreamId('UNDO-1'))).toEqual(['StockReceived', 'StockReserved', 'StockReservationReleased']);
      expect(await stockLevel(second.client, 'UNDO-1')).toEqual({ onHand: 3, reserved: 0, available: 3 });
    } finally {
      await second.stop();
    }
  });
});
