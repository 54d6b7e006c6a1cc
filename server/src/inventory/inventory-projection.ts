import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection } from '../projector/projection';
import { STOCK_LEVEL_CHANGED, stockEventTypes, warehouseEventTypes, type StockEvent, type WarehouseEvent } from './events';
import { applyStockEvents } from './stock-projection';

/**
 * One projection for warehouses and stock, so a stock row never refers to a warehouse the read
 * model has not seen yet.
 */
export const inventoryProjection: Projection = {
  name: 'inventory',
  tables: ['inventory_stock_movements', 'inventory_reservations', 'inventory_stock_levels', 'inventory_storage_locations', 'inventory_warehouses'],
  eventTypes: [...warehouseEventTypes, ...stockEventTypes],
  async apply(recorded, context) {
    const { trx, changed } = context;
    if ((warehouseEventTypes as readonly string[]).includes(recorded.type)) {
      await applyWarehouseEvent(recorded, trx);
      return;
    }
    await applyStockEvents([recorded], context);
    const event = recorded as unknown as StockEvent;
    if (event.type !== 'StockReservationConfirmed') changed({ topic: STOCK_LEVEL_CHANGED, id: event.data.sku, tenantId: recorded.tenantId });
  },
  // The same fold in a fixed number of statements per run of stock events (warehouse events, rare, in between as they come).
  async applyBatch(events, context) {
    const { trx, changed } = context;
    let run: RecordedEvent[] = [];
    const flush = async () => {
      if (run.length > 0) await applyStockEvents(run, context);
      run = [];
    };
    for (const recorded of events) {
      if ((warehouseEventTypes as readonly string[]).includes(recorded.type)) {
        await flush();
        await applyWarehouseEvent(recorded, trx);
        continue;
      }
      run.push(recorded);
      const event = recorded as unknown as StockEvent;
      if (event.type !== 'StockReservationConfirmed') changed({ topic: STOCK_LEVEL_CHANGED, id: event.data.sku, tenantId: recorded.tenantId });
    }
    await flush();
  },
};

async function applyWarehouseEvent(recorded: RecordedEvent, trx: Knex.Transaction): Promise<void> {
  const event = recorded as unknown as WarehouseEvent;
  const tenant_id = recorded.tenantId;
  switch (event.type) {
    case 'WarehouseCreated':
      await trx('inventory_warehouses').insert({
        tenant_id,
        id: event.data.warehouseId,
        seq: recorded.position,
        code: event.data.code,
        name: event.data.name,
        created_at: recorded.recordedAt,
      });
      break;
    case 'StorageLocationAdded': {
      const [{ count }] = await trx('inventory_storage_locations').where({ tenant_id, warehouse_id: event.data.warehouseId }).count<{ count: number }[]>({ count: '*' });
      await trx('inventory_storage_locations').insert({
        tenant_id,
        warehouse_id: event.data.warehouseId,
        code: event.data.code,
        name: event.data.name,
        position: Number(count),
      });
      break;
    }
  }
}
