import type { Projection } from '../projector/projection';
import { SHIPMENT_UPDATED, shipmentEventTypes, type ShipmentEvent } from './events';

/** Shipments as the API lists and shows them. */
export const shipmentProjection: Projection = {
  name: 'shipments',
  tables: ['shipments'],
  eventTypes: shipmentEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as ShipmentEvent & typeof recorded;
    const key = { tenant_id: recorded.tenantId, id: event.data.shipmentId };
    const at = recorded.recordedAt;
    switch (event.type) {
      case 'ShipmentCreated':
        await trx('shipments').insert({
          ...key,
          seq: recorded.position,
          order_id: event.data.orderId,
          status: 'PENDING',
          carrier: event.data.carrier,
          lines: JSON.stringify(event.data.lines),
          created_at: at,
          updated_at: at,
        });
        break;
      case 'ShipmentShipped':
        await trx('shipments').where(key).update({ status: 'SHIPPED', tracking_number: event.data.trackingNumber, shipped_at: at, updated_at: at });
        break;
      case 'ShipmentDelivered':
        await trx('shipments').where(key).update({ status: 'DELIVERED', delivered_at: at, updated_at: at });
        break;
      case 'ShipmentCancelled':
        await trx('shipments').where(key).update({ status: 'CANCELLED', cancelled_at: at, updated_at: at });
        break;
    }
    changed({ topic: SHIPMENT_UPDATED, id: event.data.orderId, tenantId: recorded.tenantId, data: { shipmentId: event.data.shipmentId } });
  },
};
