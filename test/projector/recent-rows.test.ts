import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../server/src/eventstore/event-store';
import { runJointBatch } from '../../server/src/projector/joint-batch';
import type { Projection } from '../../server/src/projector/projection';
import { runProjectionBatch } from '../../server/src/projector/projection-runner';
import { KeptRows, RecentRows } from '../../server/src/projector/recent-rows';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('RecentRows', () => {
  it('keeps the newest row of each key, a bounded number per projection, dropping the least recently written', async () => {
    const recent = new RecentRows(2);
    recent.remember('p', [['a', { v: 1 }], ['b', { v: 1 }]]);
    recent.remember('p', [['a', { v: 2 }]]);
    recent.remember('p', [['c', { v: 1 }]]);
    recent.remember('q', [['a', { v: 9 }]]);
    // b was written longest ago: it made room for c. a was written again, so it stays.
    expect(await Promise.all([recent.get('p', 'a'), recent.get('p', 'b'), recent.get('p', 'c')])).toEqual([{ v: 2 }, undefined, { v: 1 }]);
    expect(await recent.get('q', 'a')).toEqual({ v: 9 });
  });

  it("answers a row offered with its batch's COMMIT under way once it commits, and drops it when it does not", async () => {
    const recent = new RecentRows();
    recent.remember('p', [['a', { v: 1 }], ['b', { v: 1 }]]);
    let commit!: (ok: boolean) => void;
    recent.remember('p', [['a', { v: 2 }], ['b', { v: 2 }]], new Promise<boolean>((resolve) => (commit = resolve)));
    const reading = recent.get('p', 'a');
    // Only the COMMIT's outcome can settle the read: with every pending callback run, it has not.
    const unsettled = Symbol('unsettled');
    expect(await Promise.race([reading, new Promise((resolve) => setImmediate(() => resolve(unsettled)))])).toBe(unsettled);
    commit(true);
    expect(await reading).toEqual({ v: 2 });

    let fail!: (ok: boolean) => void;
    recent.remember('p', [['b', { v: 3 }]], new Promise<boolean>((resolve) => (fail = resolve)));
    const failing = recent.get('p', 'b');
    fail(false);
    // Neither the row of the failed batch nor (replaced by it) the one before: the caller reads the table.
    expect(await failing).toBeUndefined();
    expect(await recent.get('p', 'b')).toBeUndefined();
    expect(await recent.get('p', 'a')).toEqual({ v: 2 });
  });

  it('offers a batch its rows, less those a failed step offered', async () => {
    const recent = new RecentRows();
    const kept = new KeptRows();
    kept.keeperFor('p')('a', { v: 1 });
    const before = kept.size;
    kept.keeperFor('p')('b', { v: 1 });
    kept.truncate(before);
    kept.keeperFor('q')('c', { v: 1 });
    expect(await recent.get('p', 'a')).toBeUndefined();
    kept.offerTo(recent, Promise.resolve());
    expect(await Promise.all([recent.get('p', 'a'), recent.get('p', 'b'), recent.get('q', 'c')])).toEqual([{ v: 1 }, undefined, { v: 1 }]);
  });

  it("trusts its rows for a projection's own reads only while the batch starts where this node's last committed batch ended", async () => {
    const recent = new RecentRows();
    const at = (position: number) => ({ transactionId: '100', position });
    // No batch of this node yet: nothing is trusted.
    expect(recent.trustedFrom('p', at(0))).toBeUndefined();
    recent.remember('p', [['a', { v: 1 }]], Promise.resolve(true));
    await Promise.resolve();
    recent.passed('p', at(5));
    expect(recent.trustedFrom('p', at(5))?.('a')).toEqual({ v: 1 });
    expect(recent.trustedFrom('p', at(5))?.('b')).toBeUndefined();
    // Another projection's batches say nothing of this one's.
    expect(recent.trustedFrom('q', at(5))).toBeUndefined();

    // Another batch wrote the table (the checkpoint is not where this node left it): not trusted...
    expect(recent.trustedFrom('p', at(9))).toBeUndefined();
    // ...nor later, once this node's batches go on from there: that row may be older than the table.
    recent.remember('p', [['c', { v: 1 }]], Promise.resolve(true));
    await Promise.resolve();
    recent.passed('p', at(12));
    const trusted = recent.trustedFrom('p', at(12))!;
    expect([trusted('a'), trusted('c')]).toEqual([undefined, { v: 1 }]);
    // The version-checked reads still get it.
    expect(await recent.get('p', 'a')).toEqual({ v: 1 });

    // A row whose batch's COMMIT is still under way is read from the table.
    let commit!: (ok: boolean) => void;
    recent.remember('p', [['c', { v: 2 }]], new Promise<boolean>((resolve) => (commit = resolve)));
    expect(recent.trustedFrom('p', at(12))?.('c')).toBeUndefined();
    commit(true);
  });

  it("gives a batch's projection the trusted rows only until it keeps one of its own", () => {
    const kept = new KeptRows();
    const { keep, known } = kept.contextFor('p', (key) => ({ key }));
    expect(known?.('a')).toEqual({ key: 'a' });
    keep?.('a', { v: 2 });
    expect(known?.('a')).toBeUndefined();
    expect(known?.('b')).toBeUndefined();
    expect(kept.contextFor('p', undefined).known).toBeUndefined();
  });
});

describe('rows kept by projection batches (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: EventStore;
  beforeEach(async () => {
    database = await createTestDatabase();
    store = new EventStore(database.db);
  });
  afterEach(() => database.drop());

  /**
   * Keeps one row per stream (the stream's last type). After keeping it, an event of type `Bad`
   * throws; one of type `Late` writes a row that breaks a deferred constraint, so only the COMMIT fails.
   */
  const keeping = (name: string): Projection => ({
    name,
    tables: [],
    eventTypes: ['A', 'Bad', 'Late'],
    async apply(event, { trx, keep }) {
      keep?.(event.streamId, { type: event.type, version: event.streamVersion });
      if (event.type === 'Bad') throw new Error('cannot apply Bad');
      if (event.type === 'Late') await trx('late_rows').insert([{ id: 1 }, { id: 1 }]);
    },
  });

  let streams = 0;
  const append = (...types: string[]) =>
    store.append({ streamId: `kept-${++streams}`, streamType: 'Test', expectedVersion: 0, events: types.map((type) => ({ type, data: {} })) }, { tenantId: 'demo' });

  it('a batch that commits leaves its rows kept; one whose COMMIT fails leaves none of its own, in a joint batch or alone', async () => {
    await database.db.raw('CREATE TABLE late_rows (id integer, CONSTRAINT late_once UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)');
    const recent = new RecentRows();
    await append('A', 'A');
    await runJointBatch(database.db, store, [keeping('k1'), keeping('k2')], 100, recent);
    expect(await recent.get('k1', 'kept-1')).toEqual({ type: 'A', version: 2 });
    expect(await recent.get('k2', 'kept-1')).toEqual({ type: 'A', version: 2 });

    await append('A', 'Late');
    await expect(runJointBatch(database.db, store, [keeping('k1'), keeping('k2')], 100, recent)).rejects.toThrow('late_once');
    await expect(runProjectionBatch(database.db, store, keeping('k1'), 100, undefined, recent)).rejects.toThrow('late_once');
    expect(await recent.get('k1', 'kept-2')).toBeUndefined();
    expect(await recent.get('k2', 'kept-2')).toBeUndefined();
    expect(await recent.get('k1', 'kept-1')).toEqual({ type: 'A', version: 2 });
  });

  it('an event parked in isolation takes back what it kept; the events applied beside it stay kept', async () => {
    const recent = new RecentRows();
    const { FailureCounter } = await import('../../server/src/projector/parking');
    await append('A');
    await append('Bad');
    const result = await runProjectionBatch(database.db, store, keeping('k3'), 100, { failures: new FailureCounter(), parkAfter: 1 }, recent);
    expect(result.parked).toBe(1);
    expect(await recent.get('k3', `kept-${streams - 1}`)).toEqual({ type: 'A', version: 1 });
    expect(await recent.get('k3', `kept-${streams}`)).toBeUndefined();
  });

  it("the inventory and history projections read no reservation or order reference this node's batches left: they come from the rows kept", async () => {
    const { inventoryProjection } = await import('../../server/src/inventory/inventory-projection');
    const { orderHistoryProjection } = await import('../../server/src/history/order-history-projection');
    const here = new RecentRows();
    const batch = (recent: RecentRows) => runJointBatch(database.db, store, [inventoryProjection, orderHistoryProjection], 100, recent);
    const reads: string[] = [];
    const listener = (query: { sql: string }) => {
      const table = /FROM (inventory_reservations|order_history_refs) r WHERE/.exec(query.sql)?.[1];
      if (table) reads.push(table);
    };
    const warehouseId = 'b1b2c3d4-0000-4000-8000-000000000009';
    const stock = { streamId: 'stock-KEPT-1', streamType: 'StockItem' };
    const amount = { amount: 500, currency: 'EUR' };
    let stockVersion = 0;
    const toStock = (type: string, data: object) => store.append({ ...stock, expectedVersion: stockVersion++, events: [{ type, data: { sku: 'KEPT-1', ...data } }] }, { tenantId: 'demo' });
    const toPayment = (paymentId: string, expectedVersion: number, type: string, data: object) =>
      store.append({ streamId: `payment-${paymentId}`, streamType: 'Payment', expectedVersion, events: [{ type, data: { paymentId, amount, ...data } }] }, { tenantId: 'demo' });
    /** An order's reservation and payment, then (`settle`) their confirmation and authorization, which name neither the order. */
    const checkout = (n: number) => {
      const orderId = `b1b2c3d4-0000-4000-8000-00000000001${n}`;
      const paymentId = `b1b2c3d4-0000-4000-8000-00000000002${n}`;
      const reservationId = `b1b2c3d4-0000-4000-8000-00000000003${n}`;
      return {
        orderId,
        reservationId,
        start: async () => {
          await toStock('StockReserved', { reservationId, orderId, quantity: 1, allocations: [{ warehouseId, quantity: 1 }], expiresAt: null });
          await toPayment(paymentId, 0, 'PaymentCreated', { orderId });
        },
        settle: async () => {
          await toStock('StockReservationConfirmed', { reservationId });
          await toPayment(paymentId, 1, 'PaymentAuthorized', { authorizationId: `auth-${n}` });
        },
      };
    };
    const first = checkout(1);
    const second = checkout(2);
    database.db.on('query', listener);
    try {
      await toStock('StockReceived', { warehouseId, quantity: 5 });
      await first.start();
      await second.start();
      await batch(here);
      // Events naming their order teach its ids: nothing to look up.
      expect(reads).toEqual([]);

      await first.settle();
      await batch(here);
      expect(reads).toEqual([]);

      // A node that kept nothing (another one, or this one after a break) reads both.
      await second.settle();
      await batch(new RecentRows());
      expect(reads.sort()).toEqual(['inventory_reservations', 'order_history_refs']);
    } finally {
      database.db.off('query', listener);
    }
    for (const { orderId, reservationId } of [first, second]) {
      expect(await database.db('inventory_reservations').where({ tenant_id: 'demo', reservation_id: reservationId }).pluck('status')).toEqual(['CONFIRMED']);
      expect(await database.db('order_history').where({ tenant_id: 'demo', order_id: orderId }).count({ n: '*' })).toEqual([{ n: 4 }]);
    }
  });

  describe("the orders projection's own reads", () => {
    const order = 'a1b2c3d4-0000-4000-8000-000000000001';
    const line = (variant: string, quantity: number) => ({
      orderId: order,
      variantId: `a1b2c3d4-0000-4000-8000-00000000010${variant}`,
      sku: `SKU-${variant}`,
      productName: 'Mug',
      variantName: variant,
      unitPrice: { amount: 500, currency: 'EUR' },
      quantity,
    });
    let version = 0;
    beforeEach(() => {
      version = 0;
    });
    const appendToOrder = async (type: string, data: object) => {
      await store.append({ streamId: `order-${order}`, streamType: 'Order', expectedVersion: version, events: [{ type, data }] }, { tenantId: 'demo' });
      version += 1;
    };
    /** The projection's reads of the orders table during `run`. */
    const ordersReads = async (run: () => Promise<unknown>) => {
      const reads: string[] = [];
      const listener = (query: { sql: string }) => {
        if (/FROM orders r WHERE/.test(query.sql)) reads.push(query.sql);
      };
      database.db.on('query', listener);
      try {
        await run();
      } finally {
        database.db.off('query', listener);
      }
      return reads.length;
    };

    it("reads no row this node's batches left while no other batch wrote the table since, and reads the table again after one did", async () => {
      const { orderProjection } = await import('../../server/src/ordering/order-projection');
      const here = new RecentRows();
      const elsewhere = new RecentRows();
      const batchHere = () => runJointBatch(database.db, store, [orderProjection], 100, here);
      const batchElsewhere = () => runProjectionBatch(database.db, store, orderProjection, 100, undefined, elsewhere);

      await appendToOrder('OrderCreated', { orderId: order });
      expect(await ordersReads(batchHere)).toBe(0);
      await appendToOrder('ItemAddedToOrder', line('1', 1));
      // The row this node's last batch left: not read again.
      expect(await ordersReads(batchHere)).toBe(0);

      // Another node's batch: it never saw the order, so it reads it.
      await appendToOrder('ItemAddedToOrder', line('2', 2));
      expect(await ordersReads(batchElsewhere)).toBe(1);

      // This node's row is now older than the table: its next batch reads the table.
      await appendToOrder('ItemAddedToOrder', line('3', 3));
      expect(await ordersReads(batchHere)).toBe(1);
      await appendToOrder('OrderItemQuantityChanged', { orderId: order, variantId: line('1', 1).variantId, quantity: 4, previousQuantity: 1 });
      expect(await ordersReads(batchHere)).toBe(0);

      const row = await database.db('orders').where({ tenant_id: 'demo', id: order }).first();
      expect(row.items.map((i: { sku: string; quantity: number }) => `${i.sku}×${i.quantity}`)).toEqual(['SKU-1×4', 'SKU-2×2', 'SKU-3×3']);
      expect(Number(row.total_amount)).toBe(500 * 9);
      expect(row.version).toBe(5);
    });

    it("reads the table again after an operator's retry of a parked event wrote it, and when a claim was cut at its limit", async () => {
      const { orderProjection } = await import('../../server/src/ordering/order-projection');
      const { PARKED_EVENT_RETRIED } = await import('../../server/src/projector/parking');
      const here = new RecentRows();
      const batchHere = (limit = 100) => runJointBatch(database.db, store, [orderProjection], limit, here);
      await appendToOrder('OrderCreated', { orderId: order });
      await appendToOrder('ItemAddedToOrder', line('1', 1));
      await batchHere();
      await appendToOrder('ItemAddedToOrder', line('2', 1));
      expect(await ordersReads(batchHere)).toBe(0);

      // The retry applies in its own transaction, beside the event that records it (as ParkedEvents.retry does).
      const customer = 'a1b2c3d4-0000-4000-8000-0000000000c1';
      await database.db.transaction(async (trx) => {
        await store.append(
          { streamId: 'parked-event-orders-1', streamType: 'ParkedEvent', expectedVersion: 0, events: [{ type: PARKED_EVENT_RETRIED, data: { follower: 'orders', position: 1, eventType: 'OrderCreated' } }] },
          { tenantId: 'demo', trx },
        );
        await trx('orders').where({ tenant_id: 'demo', id: order }).update({ customer_id: customer });
      });
      await appendToOrder('ItemAddedToOrder', line('3', 1));
      expect(await ordersReads(batchHere)).toBe(1);
      expect((await database.db('orders').where({ tenant_id: 'demo', id: order }).first()).customer_id).toBe(customer);

      // Trusted again after that batch; but not by a batch whose claim reached its limit.
      await appendToOrder('ItemAddedToOrder', line('4', 1));
      expect(await ordersReads(() => batchHere(1))).toBe(1);
      await appendToOrder('ItemAddedToOrder', line('5', 1));
      expect(await ordersReads(batchHere)).toBe(0);
      const row = await database.db('orders').where({ tenant_id: 'demo', id: order }).first();
      expect([row.customer_id, row.items.length, row.version]).toEqual([customer, 5, 6]);
    });
  });
});
