import type { Money } from '../shared/money';

export interface ShipmentLine {
  variantId: string;
  sku: string;
  quantity: number;
  /** The order's unit price, so the shipment knows what its lines are worth when it captures. */
  unitPrice: Money;
}

/** One stream per shipment; every event names its order. */
export type ShipmentEvent =
  | { type: 'ShipmentCreated'; data: { shipmentId: string; orderId: string; carrier: string; lines: ShipmentLine[] } }
  | {
      type: 'ShipmentShipped';
      data: {
        shipmentId: string;
        orderId: string;
        trackingNumber: string;
        /** The order's reservation the shipped units were committed from (the checkout id). */
        reservationId: string;
        paymentId: string;
        /** What the shipped lines are worth: the capture this shipment asks for. */
        amount: Money;
        /** The shipment that sends the order's last units captures whatever is left of the authorization. */
        completesOrder: boolean;
      };
    }
  | { type: 'ShipmentDelivered'; data: { shipmentId: string; orderId: string } }
  | { type: 'ShipmentCancelled'; data: { shipmentId: string; orderId: string; reason: string } };

export const shipmentEventTypes: readonly ShipmentEvent['type'][] = ['ShipmentCreated', 'ShipmentShipped', 'ShipmentDelivered', 'ShipmentCancelled'];

export const SHIPMENT_STREAM_TYPE = 'Shipment';
export const shipmentStreamId = (shipmentId: string) => `shipment-${shipmentId}`;

/** Change topic keyed by the order id, with the shipment id in the change's data. */
export const SHIPMENT_UPDATED = 'SHIPMENT_UPDATED';
