/** Where a reserved quantity sits: the inventory chooses the warehouses, not the caller. */
export interface Allocation {
  warehouseId: string;
  quantity: number;
}

export type ReleaseReason = 'CHECKOUT_FAILED' | 'EXPIRED' | 'CANCELLED';

/** Everything that happens to one SKU's stock, in every warehouse: one stream per SKU. */
export type StockEvent =
  | { type: 'StockReceived'; data: { sku: string; warehouseId: string; quantity: number } }
  | { type: 'StockAdjusted'; data: { sku: string; warehouseId: string; quantityChange: number; reason: string } }
  | {
      type: 'StockReserved';
      data: { sku: string; reservationId: string; orderId: string; quantity: number; allocations: Allocation[]; expiresAt: string | null };
    }
  | { type: 'StockReservationReleased'; data: { sku: string; reservationId: string; reason: ReleaseReason; allocations: Allocation[] } }
  | { type: 'StockReservationConfirmed'; data: { sku: string; reservationId: string } }
  /**
   * Shipped units leave on-hand and reserved. A partial commit (a shipment of part of the
   * reservation) carries its quantity and key; without a key the commit took everything held.
   */
  | { type: 'StockReservationCommitted'; data: { sku: string; reservationId: string; allocations: Allocation[]; quantity?: number; commitId?: string } };

export type WarehouseEvent =
  | { type: 'WarehouseCreated'; data: { warehouseId: string; code: string; name: string } }
  | { type: 'StorageLocationAdded'; data: { warehouseId: string; code: string; name: string } };

/** Claims a warehouse code for one warehouse; its own stream, so two warehouses can never share a code. */
export type WarehouseCodeEvent = { type: 'WarehouseCodeClaimed'; data: { code: string; warehouseId: string } };

export const stockEventTypes: readonly StockEvent['type'][] = [
  'StockReceived',
  'StockAdjusted',
  'StockReserved',
  'StockReservationReleased',
  'StockReservationConfirmed',
  'StockReservationCommitted',
];
export const warehouseEventTypes: readonly WarehouseEvent['type'][] = ['WarehouseCreated', 'StorageLocationAdded'];

export const STOCK_STREAM_TYPE = 'StockItem';
export const WAREHOUSE_CODE_STREAM_TYPE = 'WarehouseCode';
export const stockStreamId = (sku: string) => `stock-${sku}`;
export const warehouseStreamId = (warehouseId: string) => `warehouse-${warehouseId}`;
export const warehouseCodeStreamId = (code: string) => `warehouse-code-${code}`;

export const STOCK_LEVEL_CHANGED = 'STOCK_LEVEL_CHANGED';
