import type { CommandContext } from '../commands/command-context';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import { stockStreamId, warehouseCodeStreamId, type WarehouseCodeEvent } from '../inventory/events';
import type { InventoryService } from '../inventory/inventory-service';

export const demoWarehouses = [
  { code: 'BER-1', name: 'Berlin', locations: [{ code: 'A-01', name: 'Aisle A, shelf 1' }, { code: 'B-01', name: 'Aisle B, shelf 1' }] },
  { code: 'AMS-1', name: 'Amsterdam', locations: [{ code: 'R-01', name: 'Rack 1' }] },
];

/** Units per warehouse code. POSTER-A2 and HOODIE-L are scarce so out-of-stock can be tried by hand. */
export const demoStock: Record<string, Record<string, number>> = {
  'TEE-S': { 'BER-1': 20, 'AMS-1': 10 },
  'TEE-M': { 'BER-1': 30, 'AMS-1': 15 },
  'TEE-L': { 'BER-1': 10, 'AMS-1': 5 },
  'MUG-WHITE': { 'BER-1': 40 },
  'MUG-BLACK': { 'BER-1': 5, 'AMS-1': 5 },
  'STICKERS-10': { 'BER-1': 100, 'AMS-1': 100 },
  'HOODIE-M': { 'BER-1': 8, 'AMS-1': 4 },
  'HOODIE-L': { 'AMS-1': 1 },
  'POSTER-A2': { 'BER-1': 2, 'AMS-1': 1 },
};

/**
 * Seeds the demo warehouses and stock; call it after the demo catalog (stock needs known SKUs).
 * Idempotent: a claimed warehouse code is reused, and a SKU with any stock history is skipped.
 */
export async function seedDemoInventory(store: EventStore, inventory: InventoryService, context: CommandContext, logger: Logger): Promise<number> {
  const warehouseIds = new Map<string, string>();
  for (const warehouse of demoWarehouses) {
    const [claim] = (await store.readStream(warehouseCodeStreamId(warehouse.code), { tenantId: context.tenantId, toVersion: 1 })) as unknown as WarehouseCodeEvent[];
    if (claim) {
      warehouseIds.set(warehouse.code, claim.data.warehouseId);
      continue;
    }
    const { warehouseId } = await inventory.createWarehouse({ code: warehouse.code, name: warehouse.name }, context);
    for (const location of warehouse.locations) await inventory.addStorageLocation(warehouseId, location, context);
    warehouseIds.set(warehouse.code, warehouseId);
  }
  let stocked = 0;
  for (const [sku, perWarehouse] of Object.entries(demoStock)) {
    const history = await store.readStream(stockStreamId(sku), { tenantId: context.tenantId, toVersion: 1 });
    if (history.length > 0) continue;
    for (const [code, quantity] of Object.entries(perWarehouse)) {
      await inventory.receiveStock({ sku, warehouseId: warehouseIds.get(code)!, quantity }, context);
    }
    stocked++;
  }
  if (stocked > 0) logger.info({ skus: stocked }, 'demo inventory seeded');
  return stocked;
}
