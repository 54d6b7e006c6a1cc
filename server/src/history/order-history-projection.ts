import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
import { readUnknownRows, upsertRows, type RowTable } from '../projector/row-batch';
import { correlationOf } from './correlation';

export const ORDER_HISTORY_PROJECTION = 'order-history';

/**
 * Links every event that concerns an order to it, for the audit trail. An event naming its order
 * (order events, CheckoutStarted, PaymentCreated, StockReserved, shipment events) also teaches
 * which order its checkout/payment/reservation/shipment ids belong to; events carrying only such
 * an id (PaymentAuthorized, StockReservationReleased, …) are linked through what was learned.
 * Events are applied in commit order, so an id is always learned before it is looked up. A batch
 * reads the ids it mentions once and writes what it learned and linked with one insert each.
 */
export const orderHistoryProjection: Projection = {
  name: ORDER_HISTORY_PROJECTION,
  tables: ['order_history', 'order_history_refs'],
  eventTypes: 'all',
  apply(event, context) {
    return linkEvents([event], context);
  },
  applyBatch: linkEvents,
};

const refKey = (tenantId: string, refId: string) => `${tenantId}\u0000${refId}`;

const HISTORY_REFS: RowTable<{ tenant_id: string; ref_id: string; order_id: string }> = {
  name: 'order_history_refs',
  columns: { tenant_id: 'text', ref_id: 'text', order_id: 'uuid' },
  key: ['tenant_id', 'ref_id'],
  updates: [],
};

const HISTORY_LINKS: RowTable<{ tenant_id: string; order_id: string; global_position: number }> = {
  name: 'order_history',
  columns: { tenant_id: 'text', order_id: 'uuid', global_position: 'bigint' },
  key: ['tenant_id', 'order_id', 'global_position'],
  updates: [],
};

async function linkEvents(events: readonly RecordedEvent[], { trx, keep, known }: ProjectionContext): Promise<void> {
  const correlated = events.map((event) => ({ event, ...correlationOf(event.data) })).filter((c) => c.orderId || c.related.length > 0);
  if (correlated.length === 0) return;
  // Only the ids of events that do not name their order are looked up, and not those an earlier
  // event of the batch taught: an event naming its order teaches its ids (an id belongs to one
  // order; one learned already is left as it is).
  const taught = new Set<string>();
  const asked: { tenant_id: string; ref_id: string }[] = [];
  for (const { event, orderId, related } of correlated) {
    for (const refId of related) {
      const key = refKey(event.tenantId, refId);
      if (orderId) taught.add(key);
      else if (!taught.has(key)) asked.push({ tenant_id: event.tenantId, ref_id: refId });
    }
  }
  const refs = await readUnknownRows(trx, HISTORY_REFS, asked, (row) => refKey(row.tenant_id!, row.ref_id!), known);
  const orderOfRef = new Map([...refs].map(([key, row]) => [key, row.order_id]));
  const learned: { tenant_id: string; ref_id: string; order_id: string }[] = [];
  const links: { tenant_id: string; order_id: string; global_position: number }[] = [];
  for (const { event, orderId, related } of correlated) {
    const tenantId = event.tenantId;
    const orderIds = orderId ? [orderId] : [...new Set(related.flatMap((refId) => orderOfRef.get(refKey(tenantId, refId)) ?? []))];
    if (orderIds.length === 0) continue;
    // With one order in sight, ids seen for the first time here belong to it too.
    if (orderIds.length === 1) {
      for (const refId of related) {
        if (orderOfRef.has(refKey(tenantId, refId))) continue;
        orderOfRef.set(refKey(tenantId, refId), orderIds[0]!);
        learned.push({ tenant_id: tenantId, ref_id: refId, order_id: orderIds[0]! });
      }
    }
    for (const id of orderIds) links.push({ tenant_id: tenantId, order_id: id, global_position: event.position });
  }
  await upsertRows(trx, HISTORY_REFS, learned);
  await upsertRows(trx, HISTORY_LINKS, links);
  // Kept, so that this node's next batch need not read them back (an id's later events follow).
  if (keep) for (const row of [...refs.values(), ...learned]) keep(refKey(row.tenant_id, row.ref_id), row);
}
