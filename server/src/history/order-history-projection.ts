import type { Projection } from '../projector/projection';
import { correlationOf } from './correlation';

export const ORDER_HISTORY_PROJECTION = 'order-history';

/**
 * Links every event that concerns an order to it, for the audit trail. An event naming its order
 * (order events, CheckoutStarted, PaymentCreated, StockReserved, shipment events) also teaches
 * which order its checkout/payment/reservation/shipment ids belong to; events carrying only such
 * an id (PaymentAuthorized, StockReservationReleased, …) are linked through what was learned.
 * Events are applied in commit order, so an id is always learned before it is looked up.
 */
export const orderHistoryProjection: Projection = {
  name: ORDER_HISTORY_PROJECTION,
  tables: ['order_history', 'order_history_refs'],
  eventTypes: 'all',
  async apply(event, { trx }) {
    const { orderId, related } = correlationOf(event.data);
    if (!orderId && related.length === 0) return;
    const tenantId = event.tenantId;
    const orderIds = orderId
      ? [orderId]
      : ((await trx('order_history_refs').where({ tenant_id: tenantId }).whereIn('ref_id', related).distinct().pluck('order_id')) as string[]);
    if (orderIds.length === 0) return;
    // With one order in sight, ids seen for the first time here belong to it too.
    if (orderIds.length === 1 && related.length > 0) {
      const rows = related.map((refId) => ({ tenant_id: tenantId, ref_id: refId, order_id: orderIds[0] }));
      await trx('order_history_refs').insert(rows).onConflict(['tenant_id', 'ref_id']).ignore();
    }
    const links = orderIds.map((id) => ({ tenant_id: tenantId, order_id: id, global_position: event.position }));
    await trx('order_history').insert(links).onConflict(['tenant_id', 'order_id', 'global_position']).ignore();
  },
};
