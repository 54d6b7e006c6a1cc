import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { EventRow, EventStore } from '../eventstore/event-store';
import { redact } from './redaction';
import { allInKeyOrder } from '../shared/in-key-order';

export interface OrderHistoryEntry {
  position: number;
  version: number;
  streamId: string;
  streamType: string;
  type: string;
  occurredAt: Date;
  actor: string | null;
  correlationId: string | null;
  data: unknown;
}

/** Where a past view of an order stops: its history stops there too. */
export interface HistoryCut {
  asOf?: Date;
  position?: number;
}

type Row = Omit<EventRow, 'transaction_id' | 'tenant_id'>;

export class OrderHistoryQueries {
  constructor(
    private readonly db: Knex,
    /** Opens the joined events as every reader of the log sees them (personal data decrypted or [erased]). */
    private readonly store: Pick<EventStore, 'open'>,
  ) {}

  /** The order's events and those of its checkouts, payments, reservations and shipments, in log order. */
  async forOrder(tenantId: string, orderId: string, cut: HistoryCut = {}): Promise<OrderHistoryEntry[]> {
    return (await this.forOrders(tenantId, [orderId], cut))[0];
  }

  /** `forOrder` of each order, in the order given, with one statement. */
  async forOrders(tenantId: string, orderIds: readonly string[], cut: HistoryCut = {}): Promise<OrderHistoryEntry[][]> {
    const rows = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('order_history as h')
        .join('events as e', 'e.global_position', 'h.global_position')
        .where({ 'h.tenant_id': tenantId })
        .whereRaw('h.order_id = ANY(?::uuid[])', [[...orderIds]])
        .orderBy('h.global_position')
        .select<(Row & { order_id: string })[]>('h.order_id', 'e.global_position', 'e.stream_id', 'e.stream_type', 'e.stream_version', 'e.event_type', 'e.data', 'e.metadata', 'e.recorded_at');
      // At the millisecond precision the API shows times in, as the past view of the order does.
      if (cut.asOf) query.whereRaw("date_trunc('milliseconds', e.recorded_at) <= ?", [cut.asOf]);
      if (cut.position !== undefined) query.where('e.global_position', '<=', cut.position);
      return query;
    });
    const opened = await this.store.open(rows.map((row) => ({ ...row, tenantId, type: row.event_type })));
    return allInKeyOrder(orderIds, opened, (row) => row.order_id, toEntry);
  }
}

const toEntry = (row: Row): OrderHistoryEntry => ({
  position: Number(row.global_position),
  version: row.stream_version,
  streamId: row.stream_id,
  streamType: row.stream_type,
  type: row.event_type,
  occurredAt: new Date(row.recorded_at),
  actor: typeof row.metadata?.actor === 'string' ? row.metadata.actor : null,
  correlationId: typeof row.metadata?.correlationId === 'string' ? row.metadata.correlationId : null,
  // Support agents read this: a checkout's payment token has no place there.
  data: redact(row.data),
});
