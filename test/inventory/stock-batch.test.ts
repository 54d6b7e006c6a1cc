import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../server/src/eventstore/types';
import { inventoryProjection } from '../../server/src/inventory/inventory-projection';
import type { ReadModelChange } from '../../server/src/projector/projection';
import { createTestDatabase, type TestDatabase } from '../support/database';

let oneByOne: TestDatabase;
let batched: TestDatabase;

beforeAll(async () => {
  [oneByOne, batched] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(() => Promise.all([oneByOne.drop(), batched.drop()]));

const NORTH = '00000000-0000-4000-8000-00000000000a';
const SOUTH = '00000000-0000-4000-8000-00000000000b';

/** A story of two SKUs (one spelled like the other but for case) in two shops, with every kind of stock event. */
function story(): RecordedEvent[] {
  const events: [string, string, Record<string, unknown>][] = [];
  for (const tenant of ['shop-a', 'shop-b']) {
    events.push(
      [tenant, 'WarehouseCreated', { warehouseId: NORTH, code: 'N', name: 'North' }],
      [tenant, 'WarehouseCreated', { warehouseId: SOUTH, code: 'S', name: 'South' }],
      [tenant, 'StockReceived', { sku: 'TEE', warehouseId: NORTH, quantity: 10 }],
      [tenant, 'StockReceived', { sku: 'tee', warehouseId: SOUTH, quantity: 5 }],
      [tenant, 'StockReserved', { sku: 'TEE', reservationId: 'r1', orderId: 'o1', quantity: 4, allocations: [{ warehouseId: NORTH, quantity: 4 }], expiresAt: null }],
      [tenant, 'StockReserved', { sku: 'tee', reservationId: 'r1', orderId: 'o1', quantity: 2, allocations: [{ warehouseId: SOUTH, quantity: 2 }], expiresAt: '2026-12-01T00:00:00.000Z' }],
      [tenant, 'StockReservationConfirmed', { sku: 'TEE', reservationId: 'r1' }],
      [tenant, 'StockReservationCommitted', { sku: 'TEE', reservationId: 'r1', allocations: [{ warehouseId: NORTH, quantity: 1 }], commitId: 'c1' }],
      [tenant, 'StockReservationCommitted', { sku: 'TEE', reservationId: 'r1', allocations: [{ warehouseId: NORTH, quantity: 3 }], commitId: 'c2' }],
      [tenant, 'StockReservationReleased', { sku: 'tee', reservationId: 'r1', reason: 'CANCELLED', allocations: [{ warehouseId: SOUTH, quantity: 2 }] }],
      [tenant, 'StockAdjusted', { sku: 'tee', warehouseId: SOUTH, quantityChange: -1, reason: 'damaged' }],
      // The id again, long after: the row stands for the new reservation.
      [tenant, 'StockReserved', { sku: 'tee', reservationId: 'r1', orderId: 'o2', quantity: 1, allocations: [{ warehouseId: SOUTH, quantity: 1 }], expiresAt: null }],
      [tenant, 'StockReservationCommitted', { sku: 'tee', reservationId: 'r1', allocations: [{ warehouseId: SOUTH, quantity: 1 }] }],
      [tenant, 'StockReservationReleased', { sku: 'TEE', reservationId: 'unknown', reason: 'EXPIRED', allocations: [] }],
    );
  }
  return events.map(([tenantId, type, data], i) => ({
    position: i + 1,
    transactionId: String(1000 + i),
    tenantId,
    streamId: `stream-${i}`,
    streamType: 'Test',
    streamVersion: 1,
    type,
    data,
    metadata: {},
    recordedAt: new Date(Date.UTC(2026, 10, 30, 12, 0, i)),
  }));
}

async function tables(database: TestDatabase) {
  const read = (table: string, order: string) => database.db(table).orderByRaw(order).select();
  return {
    levels: await read('inventory_stock_levels', 'tenant_id, sku, warehouse_id'),
    reservations: await read('inventory_reservations', 'tenant_id, reservation_id, sku'),
    movements: await read('inventory_stock_movements', 'tenant_id, seq'),
    warehouses: await read('inventory_warehouses', 'tenant_id, id'),
  };
}

describe('the inventory projection applied a batch at a time', () => {
  it('builds exactly the rows and changes that applying its events one by one builds', async () => {
    const events = story();
    const changesOneByOne: ReadModelChange[] = [];
    const changesBatched: ReadModelChange[] = [];
    await oneByOne.db.transaction(async (trx) => {
      for (const event of events) await inventoryProjection.apply(event, { trx, changed: (c) => changesOneByOne.push(c) });
    });
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    batched.db.on('query', onQuery);
    try {
      await batched.db.transaction((trx) => inventoryProjection.applyBatch!(events, { trx, changed: (c) => changesBatched.push(c) }));
    } finally {
      batched.db.off('query', onQuery);
    }
    // Four warehouse inserts, and for each of the two runs of stock events between them: the
    // reservations read, what was committed of them, then one write each for reservations,
    // levels and the ledger. Whatever the number of events.
    expect(statements.filter((sql) => sql.includes('inventory_'))).toHaveLength(4 + 2 * 5);

    const expected = await tables(oneByOne);
    expect(expected.movements.length).toBeGreaterThan(20);
    expect(expected.reservations.find((r) => r.tenant_id === 'shop-a' && r.sku === 'TEE')).toMatchObject({ status: 'COMMITTED' });
    expect(await tables(batched)).toEqual(expected);
    expect(changesBatched).toEqual(changesOneByOne);
  });
});
