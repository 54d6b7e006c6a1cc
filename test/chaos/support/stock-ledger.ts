import type { Knex } from 'knex';

export interface StockLedger {
  received: number;
  committed: number;
  onHand: number;
  reserved: number;
  /** The lowest on hand, reserved and available (on hand − reserved) the stream ever stood at. */
  lowest: { onHand: number; reserved: number; available: number };
}

/**
 * A SKU's stock replayed from its events in log order, independently of the inventory's own
 * decider: what was received, reserved, released and committed, and how low it ever went.
 */
export async function stockLedger(db: Knex, sku: string): Promise<StockLedger> {
  const events = await db('events')
    .whereIn('event_type', ['StockReceived', 'StockAdjusted', 'StockReserved', 'StockReservationReleased', 'StockReservationCommitted'])
    .whereRaw("data->>'sku' = ?", [sku])
    .orderBy('global_position')
    .select('event_type', 'data');
  const held = new Map<string, number>();
  const ledger: StockLedger = { received: 0, committed: 0, onHand: 0, reserved: 0, lowest: { onHand: 0, reserved: 0, available: 0 } };
  for (const { event_type: type, data } of events) {
    if (type === 'StockReceived') ledger.received += data.quantity;
    if (type === 'StockAdjusted') ledger.received += data.quantityChange;
    if (type === 'StockReserved') held.set(data.reservationId, data.quantity);
    if (type === 'StockReservationReleased') held.delete(data.reservationId);
    if (type === 'StockReservationCommitted') {
      const quantity = data.quantity ?? held.get(data.reservationId) ?? 0;
      ledger.committed += quantity;
      held.set(data.reservationId, (held.get(data.reservationId) ?? 0) - quantity);
      if (held.get(data.reservationId)! <= 0) held.delete(data.reservationId);
    }
    ledger.onHand = ledger.received - ledger.committed;
    ledger.reserved = [...held.values()].reduce((a, b) => a + b, 0);
    ledger.lowest = {
      onHand: Math.min(ledger.lowest.onHand, ledger.onHand),
      reserved: Math.min(ledger.lowest.reserved, ledger.reserved),
      available: Math.min(ledger.lowest.available, ledger.onHand - ledger.reserved),
    };
  }
  return ledger;
}

/** How many events of `type` each value of `data->>key` has, for the values that have more than one. */
export async function duplicates(db: Knex, type: string, key: string | 'stream_id'): Promise<{ id: string; n: number }[]> {
  const id = key === 'stream_id' ? db.raw('stream_id') : db.raw('data->>?', [key]);
  const rows = (await db('events').where({ event_type: type }).select({ id }).count({ n: '*' }).groupBy('id').havingRaw('count(*) > 1')) as unknown as { id: string; n: string }[];
  return rows.map((r) => ({ id: String(r.id), n: Number(r.n) }));
}

export async function countOf(db: Knex, type: string): Promise<number> {
  const [row] = await db('events').where({ event_type: type }).count({ n: '*' });
  return Number(row!.n);
}
