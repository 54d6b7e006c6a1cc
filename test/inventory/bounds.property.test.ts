import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import { stockStreamId, type StockEvent } from '../../server/src/inventory/events';
import { MAX_ON_HAND, MAX_STOCK_QUANTITY } from '../../server/src/inventory/stock-bounds';
import { stockDecider } from '../../server/src/inventory/stock-decider';
import { reached, readCheckpoint } from '../../server/src/projector/checkpoints';
import { DomainError } from '../../server/src/shared/errors';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { stockUp } from '../support/checkout-fixtures';

/**
 * Random command sequences near the stock bounds, through the real command handlers against
 * PostgreSQL: whatever the deciders accept, every projection applies (nothing parked, every
 * checkpoint past the last event) and the read rows equal the events folded.
 */
const RUNS = 25;
/** A wait for a positive signal (every projection past the head), so generous for a loaded machine. */
const CAUGHT_UP_MS = 30_000;
const SKUS = Array.from({ length: RUNS + 5 }, (_, i) => `PROP-BOUND-${i}`);
const ctx = { tenantId: 'demo', metadata: { actor: 'test:bounds-property' } };

let testApp: TestApp;
let warehouses: [string, string];
let nextSku = 0;

beforeAll(async () => {
  testApp = await startTestApp();
  await createProduct(testApp.client, { variants: SKUS.map((sku) => ({ sku, amount: 100 })) });
  warehouses = [await stockUp(testApp.client, 'PROP-W1', {}), await stockUp(testApp.client, 'PROP-W2', {})];
}, 60_000);
afterAll(() => testApp.stop());

type Step =
  | { kind: 'receive'; warehouse: 0 | 1; quantity: number }
  | { kind: 'adjust'; warehouse: 0 | 1; change: number }
  | { kind: 'reserve'; reservation: number; quantity: number }
  | { kind: 'release'; reservation: number }
  | { kind: 'commit'; reservation: number };

/** Quantities at, just inside and just outside the per-command bound, and some ordinary ones. */
const nearBound = fc.oneof(fc.constantFrom(0, 1, MAX_STOCK_QUANTITY - 1, MAX_STOCK_QUANTITY, MAX_STOCK_QUANTITY + 1), fc.integer({ min: 1, max: MAX_STOCK_QUANTITY }));
const warehouse = fc.constantFrom<0 | 1>(0, 1);
const reservation = fc.integer({ min: 0, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receive' as const), warehouse, quantity: nearBound }),
  fc.record({ kind: fc.constant('adjust' as const), warehouse, change: fc.tuple(nearBound, fc.boolean()).map(([n, down]) => (down ? -n : n)) }),
  fc.record({ kind: fc.constant('reserve' as const), reservation, quantity: nearBound }),
  fc.record({ kind: fc.constant('release' as const), reservation }),
  fc.record({ kind: fc.constant('commit' as const), reservation }),
);
/** Where each warehouse starts: empty, or so full that the next receipts meet MAX_ON_HAND. */
const start = fc.tuple(
  fc.constantFrom(0, MAX_ON_HAND - 2 * MAX_STOCK_QUANTITY, MAX_ON_HAND - MAX_STOCK_QUANTITY - 1, MAX_ON_HAND - 1),
  fc.constantFrom(0, 1, MAX_STOCK_QUANTITY),
).map(([first, second]) => [Math.min(first, MAX_ON_HAND - second), second] as const);

async function run(sku: string, reservationPrefix: string, s: Step): Promise<void> {
  const { service } = testApp.app.inventory;
  const reservationId = `${reservationPrefix}-${'reservation' in s ? s.reservation : ''}`;
  switch (s.kind) {
    case 'receive':
      return void (await service.receiveStock({ sku, warehouseId: warehouses[s.warehouse], quantity: s.quantity }, ctx));
    case 'adjust':
      return void (await service.adjustStock({ sku, warehouseId: warehouses[s.warehouse], quantityChange: s.change, reason: 'property' }, ctx));
    case 'reserve':
      return void (await service.reserve({ reservationId, orderId: `order-${reservationId}`, lines: [{ sku, quantity: s.quantity }], expiresAt: null }, ctx));
    case 'release':
      return void (await service.release(reservationId, [sku], 'CANCELLED', ctx));
    case 'commit':
      return void (await service.commit(reservationId, [sku], ctx));
  }
}

async function streamEvents(sku: string): Promise<StockEvent[]> {
  return (await testApp.app.store.readStream(stockStreamId(sku), { tenantId: 'demo' })) as unknown as StockEvent[];
}

describe('stock commands near the bounds', () => {
  it('never append an event a projection cannot apply: read rows equal the folded events, nothing parked', async () => {
    await fc.assert(
      fc.asyncProperty(start, fc.array(step, { minLength: 4, maxLength: 12 }), async ([first, second], steps) => {
        const sku = SKUS[nextSku++]!;
        // The starting stock is recorded as receipts, as earlier commands would have left it.
        const seed: StockEvent[] = [first, second].flatMap((quantity, i) => (quantity > 0 ? [{ type: 'StockReceived' as const, data: { sku, warehouseId: warehouses[i]!, quantity } }] : []));
        if (seed.length > 0) await testApp.app.store.append({ streamId: stockStreamId(sku), streamType: 'StockItem', expectedVersion: 0, events: seed }, { tenantId: 'demo' });

        for (const s of steps) {
          const before = (await streamEvents(sku)).length;
          try {
            await run(sku, sku, s);
          } catch (error) {
            // A refusal is an answer; it must leave the stream as it was.
            if (!(error instanceof DomainError)) throw error;
            expect(['BAD_USER_INPUT', 'INVALID_STATE', 'NOT_FOUND'], `${error.code}: ${error.message}`).toContain(error.code);
            expect((await streamEvents(sku)).length).toBe(before);
          }
        }

        const head = (await testApp.app.store.head())!;
        await testApp.app.projector.caughtUpWithLog(CAUGHT_UP_MS);
        for (const { name } of testApp.app.projector.projections) expect(reached(await readCheckpoint(testApp.database.db, name), head), name).toBe(true);
        expect(await testApp.database.db('parked_events')).toEqual([]);

        const folded = fold(stockDecider, await streamEvents(sku));
        const expected = Object.entries(folded.warehouses)
          .filter(([, w]) => w.onHand !== 0 || w.reserved !== 0)
          .map(([warehouseId, w]) => ({ warehouse_id: warehouseId, on_hand: w.onHand, reserved: w.reserved }))
          .sort((a, b) => a.warehouse_id.localeCompare(b.warehouse_id));
        const rows = await testApp.database.db('inventory_stock_levels').where({ tenant_id: 'demo', sku }).select('warehouse_id', 'on_hand', 'reserved').orderBy('warehouse_id');
        expect(rows.filter((r) => r.on_hand !== 0 || r.reserved !== 0)).toEqual(expected);
        const onHand = expected.reduce((sum, w) => sum + w.on_hand, 0);
        expect(onHand).toBeLessThanOrEqual(MAX_ON_HAND);
        for (const w of expected) expect(w.reserved).toBeLessThanOrEqual(w.on_hand);
      }),
      // Each run needs a SKU of its own from the catalog; shrinking would run out of them.
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
