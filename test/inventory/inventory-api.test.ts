import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOCK_LEVEL_CHANGED } from '../../server/src/inventory/events';
import { startTestApp, type TestApp } from '../support/app';
import { createProduct } from '../support/catalog-fixtures';
import { subscribe } from '../support/graphql-client';
import { expectRejected } from '../support/rejections';

let testApp: TestApp;
let berlin: string;
let amsterdam: string;
const ctx = { tenantId: 'demo', metadata: { actor: 'test' } };

const WAREHOUSE_FIELDS = 'id code name locations { code name }';
const LEVEL_FIELDS = 'sku onHand reserved available warehouses { warehouse { id code name } onHand reserved available }';
const CREATE_WAREHOUSE = `mutation($input: CreateWarehouseInput!) { createWarehouse(input: $input) { ${WAREHOUSE_FIELDS} } }`;
const RECEIVE = `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { ${LEVEL_FIELDS} } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { ${LEVEL_FIELDS} } }`;
const MOVEMENTS = `query($sku: String!, $first: Int, $after: String) {
  stockMovements(sku: $sku, first: $first, after: $after) {
    edges { cursor node { id sku type quantity onHandChange reservedChange reason orderId reservationId at warehouse { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Level {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  warehouses: { warehouse: { id: string; code: string; name: string }; onHand: number; reserved: number; available: number }[];
}

const receive = (sku: string, warehouseId: string, quantity: number) => testApp.client.data<{ receiveStock: Level }>(RECEIVE, { input: { sku, warehouseId, quantity } });

beforeAll(async () => {
  testApp = await startTestApp();
  await createProduct(testApp.client, { variants: [{ sku: 'API-TEE', amount: 1999 }, { sku: 'API-MUG', amount: 999 }, { sku: 'API-PAGE', amount: 100 }, { sku: 'API-LIVE', amount: 100 }] });
  const created = await Promise.all(
    [{ code: 'ber-1', name: 'Berlin' }, { code: 'AMS-1', name: 'Amsterdam' }].map((input) => testApp.client.data<{ createWarehouse: { id: string } }>(CREATE_WAREHOUSE, { input })),
  );
  berlin = created[0]!.createWarehouse.id;
  amsterdam = created[1]!.createWarehouse.id;
});
afterAll(() => testApp.stop());

describe('warehouses', () => {
  it('creates warehouses with upper-case codes, adds storage locations and lists them by code', async () => {
    const { addStorageLocation } = await testApp.client.data<{ addStorageLocation: { code: string; locations: { code: string; name: string }[] } }>(
      `mutation($id: ID!, $input: AddStorageLocationInput!) { addStorageLocation(warehouseId: $id, input: $input) { ${WAREHOUSE_FIELDS} } }`,
      { id: berlin, input: { code: 'a-01', name: 'Aisle A, shelf 1' } },
    );
    expect(addStorageLocation).toMatchObject({ code: 'BER-1', locations: [{ code: 'A-01', name: 'Aisle A, shelf 1' }] });

    const { warehouses } = await testApp.client.data<{ warehouses: { id: string; code: string }[] }>(`{ warehouses { ${WAREHOUSE_FIELDS} } }`);
    expect(warehouses.map((w) => [w.id, w.code])).toEqual([
      [amsterdam, 'AMS-1'],
      [berlin, 'BER-1'],
    ]);
    const { warehouse } = await testApp.client.data<{ warehouse: { name: string } }>(`query($id: ID!) { warehouse(id: $id) { ${WAREHOUSE_FIELDS} } }`, { id: amsterdam });
    expect(warehouse).toEqual({ id: amsterdam, code: 'AMS-1', name: 'Amsterdam', locations: [] });
  });

  it('rejects a duplicate warehouse code with CONFLICT and an unknown warehouse with NOT_FOUND', async () => {
    const conflict = await expectRejected(testApp, 'CONFLICT', CREATE_WAREHOUSE, { input: { code: 'Ber-1', name: 'Berlin 2' } });
    expect(conflict.message).toContain('BER-1');
    expect(conflict.extensions?.warehouseCode).toBe('BER-1');
    await expectRejected(testApp, 'CONFLICT', 'mutation($id: ID!, $input: AddStorageLocationInput!) { addStorageLocation(warehouseId: $id, input: $input) { id } }', {
      id: berlin,
      input: { code: 'A-01', name: 'the same place again' },
    });
    await expectRejected(testApp, 'NOT_FOUND', 'mutation($id: ID!, $input: AddStorageLocationInput!) { addStorageLocation(warehouseId: $id, input: $input) { id } }', {
      id: '6f1c1b7e-8a1e-4c55-9d0e-2c1a3b4c5d6e',
      input: { code: 'X', name: 'x' },
    });
    await expectRejected(testApp, 'BAD_USER_INPUT', CREATE_WAREHOUSE, { input: { code: 'has space', name: 'x' } });
  });
});

describe('receiving and adjusting stock', () => {
  it('answers with the stock level per warehouse and in total', async () => {
    await receive('API-TEE', berlin, 5);
    const { receiveStock } = await receive('API-TEE', amsterdam, 3);
    expect(receiveStock).toEqual({
      sku: 'API-TEE',
      onHand: 8,
      reserved: 0,
      available: 8,
      warehouses: [
        { warehouse: { id: amsterdam, code: 'AMS-1', name: 'Amsterdam' }, onHand: 3, reserved: 0, available: 3 },
        { warehouse: { id: berlin, code: 'BER-1', name: 'Berlin' }, onHand: 5, reserved: 0, available: 5 },
      ],
    });
  });

  it('rejects an unknown warehouse, an unknown SKU and a quantity that is not positive, appending nothing', async () => {
    await expectRejected(testApp, 'NOT_FOUND', RECEIVE, { input: { sku: 'API-TEE', warehouseId: '6f1c1b7e-8a1e-4c55-9d0e-2c1a3b4c5d6e', quantity: 1 } });
    await expectRejected(testApp, 'NOT_FOUND', RECEIVE, { input: { sku: 'API-TEE', warehouseId: 'not-a-uuid', quantity: 1 } });
    const unknownSku = await expectRejected(testApp, 'NOT_FOUND', RECEIVE, { input: { sku: 'NO-SUCH-SKU', warehouseId: berlin, quantity: 1 } });
    expect(unknownSku.message).toContain('NO-SUCH-SKU');
    await expectRejected(testApp, 'BAD_USER_INPUT', RECEIVE, { input: { sku: 'API-TEE', warehouseId: berlin, quantity: 0 } });
    await expectRejected(testApp, 'BAD_USER_INPUT', RECEIVE, { input: { sku: 'API-TEE', warehouseId: berlin, quantity: -4 } });
  });

  it('shows reservations in the level and refuses to adjust on-hand below what is reserved', async () => {
    await receive('API-MUG', berlin, 4);
    await testApp.app.inventory.service.reserve({ reservationId: 'api-res', orderId: 'order-api', expiresAt: null, lines: [{ sku: 'API-MUG', quantity: 3 }] }, ctx);

    const rejected = await expectRejected(testApp, 'INVALID_STATE', ADJUST, { input: { sku: 'API-MUG', warehouseId: berlin, quantityChange: -2, reason: 'damaged' } });
    expect(rejected.extensions).toMatchObject({ reserved: 3, onHand: 4 });
    const { adjustStock } = await testApp.client.data<{ adjustStock: Level }>(ADJUST, { input: { sku: 'API-MUG', warehouseId: berlin, quantityChange: -1, reason: 'damaged' } });
    expect(adjustStock).toMatchObject({ onHand: 3, reserved: 3, available: 0 });

    const { stockLevel } = await testApp.client.data<{ stockLevel: Level }>(`query($sku: String!) { stockLevel(sku: $sku) { ${LEVEL_FIELDS} } }`, { sku: 'API-MUG' });
    expect(stockLevel).toEqual(adjustStock);
  });

  it('reports a SKU without stock as zero everywhere', async () => {
    const { stockLevel } = await testApp.client.data<{ stockLevel: Level }>(`query { stockLevel(sku: "NEVER-STOCKED") { ${LEVEL_FIELDS} } }`);
    expect(stockLevel).toEqual({ sku: 'NEVER-STOCKED', onHand: 0, reserved: 0, available: 0, warehouses: [] });
  });
});

describe('stock movements', () => {
  it('lists every movement newest first, in pages', async () => {
    await receive('API-PAGE', berlin, 10);
    await receive('API-PAGE', amsterdam, 2);
    await testApp.client.data(ADJUST, { input: { sku: 'API-PAGE', warehouseId: berlin, quantityChange: -1, reason: 'stock count' } });
    const service = testApp.app.inventory.service;
    // 9 in Berlin, 2 in Amsterdam: 10 units split over both warehouses.
    await service.reserve({ reservationId: 'page-res', orderId: 'order-page', expiresAt: null, lines: [{ sku: 'API-PAGE', quantity: 10 }] }, ctx);
    await service.release('page-res', ['API-PAGE'], 'CHECKOUT_FAILED', ctx);
    const { append } = await service.reserve({ reservationId: 'page-res-2', orderId: 'order-page-2', expiresAt: null, lines: [{ sku: 'API-PAGE', quantity: 1 }] }, ctx);
    await service.confirm('page-res-2', ['API-PAGE'], ctx);
    const last = await service.commit('page-res-2', ['API-PAGE'], ctx);
    await testApp.app.projector.waitFor('inventory', (last.append ?? append)!.checkpoint);

    type Page = { stockMovements: { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const nodes: Record<string, unknown>[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Page = await testApp.client.data<Page>(MOVEMENTS, { sku: 'API-PAGE', first: 3, after });
      nodes.push(...page.stockMovements.edges.map((e) => e.node));
      pages++;
      if (!page.stockMovements.pageInfo.hasNextPage) break;
      after = page.stockMovements.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(nodes.map((n) => [n.type, (n.warehouse as { code: string }).code, n.quantity, n.onHandChange, n.reservedChange, n.reason, n.orderId])).toEqual([
      ['COMMITTED', 'BER-1', 1, -1, -1, null, 'order-page-2'],
      ['CONFIRMED', 'BER-1', 1, 0, 0, null, 'order-page-2'],
      ['RESERVED', 'BER-1', 1, 0, 1, null, 'order-page-2'],
      ['RELEASED', 'AMS-1', 1, 0, -1, 'CHECKOUT_FAILED', 'order-page'],
      ['RELEASED', 'BER-1', 9, 0, -9, 'CHECKOUT_FAILED', 'order-page'],
      ['RESERVED', 'AMS-1', 1, 0, 1, null, 'order-page'],
      ['RESERVED', 'BER-1', 9, 0, 9, null, 'order-page'],
      ['ADJUSTED', 'BER-1', -1, -1, 0, 'stock count', null],
      ['RECEIVED', 'AMS-1', 2, 2, 0, null, null],
      ['RECEIVED', 'BER-1', 10, 10, 0, null, null],
    ]);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    expect(nodes.every((n) => n.sku === 'API-PAGE')).toBe(true);
  });

  it('rejects a page size out of range and a malformed cursor', async () => {
    await expectRejected(testApp, 'BAD_USER_INPUT', MOVEMENTS, { sku: 'API-PAGE', first: 0 });
    await expectRejected(testApp, 'BAD_USER_INPUT', MOVEMENTS, { sku: 'API-PAGE', first: 2, after: 'bogus' });
  });
});

describe('stockLevelChanged subscription', () => {
  it('pushes the stock level over a real WebSocket after stock is received', async () => {
    const watcher = testApp.ws();
    const pushes = subscribe<{ stockLevelChanged: Level }>(watcher, `subscription($sku: String!) { stockLevelChanged(sku: $sku) { ${LEVEL_FIELDS} } }`, { sku: 'API-LIVE' });
    try {
      // A change made before the subscription listens would not be pushed.
      await testApp.listening(STOCK_LEVEL_CHANGED, 'API-LIVE');
      await receive('API-TEE', berlin, 1);
      await receive('API-LIVE', amsterdam, 7);
      const push = await pushes.waitFor((p) => p.data?.stockLevelChanged.onHand === 7);
      expect(push.data!.stockLevelChanged).toMatchObject({ sku: 'API-LIVE', available: 7, warehouses: [{ warehouse: { code: 'AMS-1' }, onHand: 7 }] });
      expect(pushes.received.every((p) => p.data?.stockLevelChanged.sku === 'API-LIVE')).toBe(true);
    } finally {
      pushes.unsubscribe();
      await watcher.dispose();
    }
  });
});
