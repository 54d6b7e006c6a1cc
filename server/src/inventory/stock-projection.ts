import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import { readUnknownRows, upsertRows, type RowTable } from '../projector/row-batch';
import type { ProjectionContext } from '../projector/projection';
import type { Allocation, StockEvent } from './events';

interface ReservationRow {
  tenant_id: string;
  reservation_id: string;
  sku: string;
  order_id: string;
  quantity: number;
  status: string;
  allocations: Allocation[];
  expires_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const RESERVATIONS: RowTable<ReservationRow> = {
  name: 'inventory_reservations',
  columns: {
    tenant_id: 'text',
    reservation_id: 'text',
    sku: 'text',
    order_id: 'text',
    quantity: 'bigint',
    status: 'text',
    allocations: 'jsonb',
    expires_at: 'timestamptz',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  key: ['tenant_id', 'reservation_id', 'sku'],
  // A reservation id the SKU's state had long forgotten can be reserved again: the row then stands for the new one.
  updates: ['order_id', 'quantity', 'status', 'allocations', 'expires_at', 'updated_at'],
};

interface LevelChange {
  tenant_id: string;
  sku: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  updated_at: Date;
}

export type MovementType = 'RECEIVED' | 'ADJUSTED' | 'RESERVED' | 'RELEASED' | 'CONFIRMED' | 'COMMITTED';

/** Rows one event can write to the ledger; the seq leaves room for this many per event. */
export const MOVEMENTS_PER_EVENT = 1024;

type StockRecorded = StockEvent & RecordedEvent;

/** A reservation row's key, exact: SKUs are case-sensitive. */
const reservationKey = (row: Partial<Pick<ReservationRow, 'tenant_id' | 'reservation_id' | 'sku'>>) => `${row.tenant_id}\u0000${row.reservation_id}\u0000${row.sku}`;

/**
 * Folds stock events into levels, reservations and the movement ledger in a fixed number of
 * statements whatever their number: one read of the reservations they refer to (and of what was
 * committed of them, when a partial commit needs it), then one write each for reservations,
 * levels and the ledger. A batch and the same events one at a time build the same rows.
 */
export async function applyStockEvents(events: readonly RecordedEvent[], { trx, keep, known }: Pick<ProjectionContext, 'trx' | 'keep' | 'known'>): Promise<void> {
  const stock = events as readonly StockRecorded[];
  // The reservations the events refer to, but for those reserved earlier in this batch: their rows are made here.
  const reservedHere = new Set<string>();
  const referred: { tenant_id: string; reservation_id: string; sku: string }[] = [];
  for (const e of stock) {
    const key = { tenant_id: e.tenantId, reservation_id: (e.data as { reservationId?: string }).reservationId ?? '', sku: e.data.sku };
    if (e.type === 'StockReserved') reservedHere.add(reservationKey(key));
    else if (e.type === 'StockReservationReleased' || e.type === 'StockReservationConfirmed' || e.type === 'StockReservationCommitted') {
      if (!reservedHere.has(reservationKey(key))) referred.push(key);
    }
  }
  const reservations = await readUnknownRows(trx, RESERVATIONS, referred, reservationKey, known);
  const committed = await committedSoFar(trx, stock);
  const changedReservations = new Map<string, ReservationRow>();
  const levels = new Map<string, LevelChange>();
  const movements: Record<string, unknown>[] = [];

  for (const event of stock) {
    const tenant_id = event.tenantId;
    const at = event.recordedAt;
    const sku = event.data.sku;
    const reservationOf = (reservationId: string) => reservations.get(reservationKey({ tenant_id, reservation_id: reservationId, sku }));
    const setStatus = (reservationId: string, status: string) => {
      const row = reservationOf(reservationId);
      if (!row) return;
      const next = { ...row, status, updated_at: at };
      reservations.set(reservationKey(next), next);
      changedReservations.set(reservationKey(next), next);
    };
    let type: MovementType;
    let moves: { warehouseId: string; quantity: number; onHandChange: number; reservedChange: number }[];
    let details: { reason?: string; order_id?: string; reservation_id?: string } = {};
    switch (event.type) {
      case 'StockReceived':
        type = 'RECEIVED';
        moves = [{ warehouseId: event.data.warehouseId, quantity: event.data.quantity, onHandChange: event.data.quantity, reservedChange: 0 }];
        break;
      case 'StockAdjusted':
        type = 'ADJUSTED';
        moves = [{ warehouseId: event.data.warehouseId, quantity: event.data.quantityChange, onHandChange: event.data.quantityChange, reservedChange: 0 }];
        details = { reason: event.data.reason };
        break;
      case 'StockReserved': {
        const { reservationId, orderId, quantity, allocations, expiresAt } = event.data;
        const before = reservationOf(reservationId);
        const row: ReservationRow = {
          tenant_id,
          reservation_id: reservationId,
          sku,
          order_id: orderId,
          quantity,
          status: 'ACTIVE',
          allocations,
          expires_at: expiresAt,
          created_at: before?.created_at ?? at,
          updated_at: at,
        };
        reservations.set(reservationKey(row), row);
        changedReservations.set(reservationKey(row), row);
        type = 'RESERVED';
        moves = allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: a.quantity }));
        details = { order_id: orderId, reservation_id: reservationId };
        break;
      }
      case 'StockReservationReleased':
        setStatus(event.data.reservationId, 'RELEASED');
        type = 'RELEASED';
        moves = event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: -a.quantity }));
        details = { reason: event.data.reason, order_id: reservationOf(event.data.reservationId)?.order_id, reservation_id: event.data.reservationId };
        break;
      case 'StockReservationConfirmed': {
        setStatus(event.data.reservationId, 'CONFIRMED');
        type = 'CONFIRMED';
        moves = (reservationOf(event.data.reservationId)?.allocations ?? []).map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: 0, reservedChange: 0 }));
        details = { order_id: reservationOf(event.data.reservationId)?.order_id, reservation_id: event.data.reservationId };
        break;
      }
      case 'StockReservationCommitted': {
        // A partial commit (part of the reservation shipped) leaves it held until the last units go.
        const { reservationId, commitId } = event.data;
        const key = reservationKey({ tenant_id, reservation_id: reservationId, sku });
        const committing = event.data.allocations.reduce((sum, a) => sum + a.quantity, 0);
        const soFar = committed.get(key) ?? 0;
        if (commitId === undefined || soFar + committing >= Number(reservationOf(reservationId)?.quantity ?? 0)) setStatus(reservationId, 'COMMITTED');
        committed.set(key, soFar + committing);
        type = 'COMMITTED';
        moves = event.data.allocations.map((a) => ({ warehouseId: a.warehouseId, quantity: a.quantity, onHandChange: -a.quantity, reservedChange: -a.quantity }));
        details = { order_id: reservationOf(reservationId)?.order_id, reservation_id: reservationId };
        break;
      }
    }
    if (moves.length > MOVEMENTS_PER_EVENT) throw new Error(`event ${event.position} has more movements than the ledger numbers per event`);
    moves.forEach((m, i) => {
      if (m.onHandChange !== 0 || m.reservedChange !== 0) {
        const levelKey = `${tenant_id}\u0000${sku}\u0000${m.warehouseId.toLowerCase()}`;
        const level = levels.get(levelKey) ?? { tenant_id, sku, warehouse_id: m.warehouseId, on_hand: 0, reserved: 0, updated_at: at };
        levels.set(levelKey, { ...level, on_hand: level.on_hand + m.onHandChange, reserved: level.reserved + m.reservedChange, updated_at: at });
      }
      movements.push({
        tenant_id,
        seq: event.position * MOVEMENTS_PER_EVENT + i,
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
      });
    });
  }

  await upsertRows(trx, RESERVATIONS, [...changedReservations.values()]);
  // Kept, so that this node's next batch need not read them back (a confirmation follows its reservation).
  if (keep) for (const [key, row] of changedReservations) keep(key, row);
  await addToLevels(trx, [...levels.values()]);
  if (movements.length > 0) await trx('inventory_stock_movements').insert(movements);
}

/** What was committed so far of the reservations whose partial commits the batch holds, by reservation key, in one statement. */
async function committedSoFar(trx: Knex.Transaction, events: readonly StockRecorded[]): Promise<Map<string, number>> {
  const keys = events
    .filter((e) => e.type === 'StockReservationCommitted' && e.data.commitId !== undefined)
    .map((e) => ({ tenant_id: e.tenantId, sku: e.data.sku, reservation_id: (e.data as { reservationId: string }).reservationId }));
  const sums = new Map<string, number>();
  if (keys.length === 0) return sums;
  const { rows } = await trx.raw<{ rows: { tenant_id: string; reservation_id: string; sku: string; total: number }[] }>(
    `SELECT m.tenant_id, m.reservation_id, m.sku, sum(m.quantity)::bigint AS total
       FROM inventory_stock_movements m
       JOIN (SELECT DISTINCT * FROM jsonb_to_recordset(?::jsonb) AS k(tenant_id text, sku text, reservation_id text)) k
         ON m.tenant_id = k.tenant_id AND m.sku = k.sku AND m.reservation_id = k.reservation_id
      WHERE m.movement_type = 'COMMITTED'
      GROUP BY m.tenant_id, m.reservation_id, m.sku`,
    [JSON.stringify(keys)],
  );
  for (const row of rows) sums.set(reservationKey(row), Number(row.total));
  return sums;
}

/** Adds each change to its level row (or starts the row with it), in one statement. */
async function addToLevels(trx: Knex.Transaction, changes: readonly LevelChange[]): Promise<void> {
  if (changes.length === 0) return;
  await trx.raw(
    `INSERT INTO inventory_stock_levels AS l (tenant_id, sku, warehouse_id, on_hand, reserved, updated_at)
     SELECT tenant_id, sku, warehouse_id, on_hand, reserved, updated_at
       FROM jsonb_to_recordset(?::jsonb) AS c(tenant_id text, sku text, warehouse_id uuid, on_hand bigint, reserved bigint, updated_at timestamptz)
     ON CONFLICT (tenant_id, sku, warehouse_id) DO UPDATE
       SET on_hand = l.on_hand + excluded.on_hand, reserved = l.reserved + excluded.reserved, updated_at = excluded.updated_at`,
    [JSON.stringify(changes)],
  );
}
