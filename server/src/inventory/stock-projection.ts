import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import type { Allocation, StockEvent } from './events';

export type MovementType = 'RECEIVED' | 'ADJUSTED' | 'RESERVED' | 'RELEASED' | 'CONFIRMED' | 'COMMITTED';

interface Movement {
  warehouseId: string;
  quantity: number;
  onHandChange: number;
  reservedChange: number;
}

/** Rows one event can write to the ledger; the seq leaves room for this many per event. */
export const MOVEMENTS_PER_EVENT = 1024;

/** Folds one stock event into levels, reservations and the movement ledger. */
export async function applyStockEvent(recorded: RecordedEvent, trx: Knex.Transaction): Promise<void> {
  const event = recorded as unknown as StockEvent & RecordedEvent;
  const tenant_id = recorded.tenantId;
  const at = recorded.recordedAt;
  const sku = event.data.sku;
  const reservation = (reservationId: string) => trx('inventory_reservations').where({ tenant_id, reservation_id: reservationId, sku });
  const setStatus = (reservationId: string, status: string) => reservation(reservationId).update({ status, updated_at: at });

  let type: MovementType;
  let movements: Movement[];
  let details: { reason?: string; order_id?: string; reservation_id?: string } = {};
  switch (event.type) {
    case 'StockReceived':
      type = 'RECEIVED';
      movements = [{ warehouseId: event.data.warehouseId, quantity: event.data.quantity, onHandChange: event.data.quantity, reservedChange: 0 }];
      break;
    case 'StockAdjusted':
      type = 'ADJUSTED';
      movements = [{ warehouseId: event.data.warehouseId, quantity: event.data.quantityChange, onHandChange: event.data.quantityChange, reservedChange: 0 }];
      details = { reason: event.data.reason };
      break;
    case 'StockReserved': {
      const { reservationId, orderId, quantity, allocations, expiresAt } = event.data;
      // A reservation id the SKU's state had long forgotten can be reserved again (see
      // FINISHED_RESERVATIONS_KEPT): the row then stands for the new reservation.
      await trx('inventory_reservations')
        .insert({
          tenant_id,
          reservation_id: reservationId,
          sku,
          order_id: orderId,
          quantity,
          status: 'ACTIVE',
          allocations: JSON.stringify(allocations),
          expires_at: expiresAt,
          created_at: at,
          updated_at: at,
        })
        .onConflict(['tenant_id', 'reservation_id', 'sku'])
        .merge(['order_id', 'quantity', 'status', 'allocations', 'expires_at', 'updated_at']);
      type = 'RESERVED';
      movements = allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: a.quantity }));
      details = { order_id: orderId, reservation_id: reservationId };
      break;
    }
    case 'StockReservationReleased':
      await setStatus(event.data.reservationId, 'RELEASED');
      type = 'RELEASED';
      movements = event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: -a.quantity }));
      details = { reason: event.data.reason, order_id: await orderOf(), reservation_id: event.data.reservationId };
      break;
    case 'StockReservationConfirmed': {
      await setStatus(event.data.reservationId, 'CONFIRMED');
      const row: { allocations: Allocation[] } | undefined = await reservation(event.data.reservationId).first('allocations');
      type = 'CONFIRMED';
      movements = (row?.allocations ?? []).map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: 0 }));
      details = { order_id: await orderOf(), reservation_id: event.data.reservationId };
      break;
    }
    case 'StockReservationCommitted': {
      // A partial commit (part of the reservation shipped) leaves it held until the last units go.
      const { reservationId, commitId } = event.data;
      const committing = event.data.allocations.reduce((sum, a) => sum + a.quantity, 0);
      if (commitId === undefined || (await committedSoFar(reservationId)) + committing >= (await reservedQuantity(reservationId))) {
        await setStatus(reservationId, 'COMMITTED');
      }
      type = 'COMMITTED';
      movements = event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: -a.quantity, reservedChange: -a.quantity }));
      details = { order_id: await orderOf(), reservation_id: event.data.reservationId };
      break;
    }
  }

  async function committedSoFar(reservationId: string): Promise<number> {
    const [row] = await trx('inventory_stock_movements')
      .where({ tenant_id, sku, reservation_id: reservationId, movement_type: 'COMMITTED' })
      .sum<{ total: string | null }[]>({ total: 'quantity' });
    return Number(row?.total ?? 0);
  }

  async function reservedQuantity(reservationId: string): Promise<number> {
    const row = await reservation(reservationId).first('quantity');
    return Number(row?.quantity ?? 0);
  }

  async function orderOf(): Promise<string | undefined> {
    const row = await reservation((event.data as { reservationId: string }).reservationId).first('order_id');
    return row?.order_id;
  }

  for (const m of movements) {
    if (m.onHandChange === 0 && m.reservedChange === 0) continue;
    await trx('inventory_stock_levels')
      .insert({ tenant_id, sku, warehouse_id: m.warehouseId, on_hand: m.onHandChange, reserved: m.reservedChange, updated_at: at })
      .onConflict(['tenant_id', 'sku', 'warehouse_id'])
      .merge({
        on_hand: trx.raw('inventory_stock_levels.on_hand + excluded.on_hand'),
        reserved: trx.raw('inventory_stock_levels.reserved + excluded.reserved'),
        updated_at: at,
      });
  }
  if (movements.length > MOVEMENTS_PER_EVENT) throw new Error(`event ${recorded.position} has more movements than the ledger numbers per event`);
  if (movements.length > 0) {
    await trx('inventory_stock_movements').insert(
      movements.map((m, i) => ({
        tenant_id,
        seq: recorded.position * MOVEMENTS_PER_EVENT + i,
        sku,
        warehouse_id: m.warehouseId,
        movement_type: type,
        quantity: m.quantity,
        on_hand_change: m.onHandChange,
        reserved_change: m.reservedChange,
        reason: details.reason ?? null,
        order_id: details.order_id ?? null,
        reservation_id: details.reservation_id ?? null,
        occurred_at: at,
      })),
    );
  }
}
