import { describe, expect, it } from 'vitest';
import type { ShipmentEvent, ShipmentLine } from '../../server/src/fulfillment/events';
import { shipmentDecider, valueOf } from '../../server/src/fulfillment/shipment-decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const { given } = scenariosFor(shipmentDecider);

const lines: ShipmentLine[] = [
  { variantId: 'v-1', sku: 'SKU-1', quantity: 2, unitPrice: { amount: 1000, currency: 'EUR' } },
  { variantId: 'v-2', sku: 'SKU-2', quantity: 1, unitPrice: { amount: 250, currency: 'EUR' } },
];
const created: ShipmentEvent = { type: 'ShipmentCreated', data: { shipmentId: 's-1', orderId: 'o-1', carrier: 'DHL', lines } };
const shipped: ShipmentEvent = {
  type: 'ShipmentShipped',
  data: { shipmentId: 's-1', orderId: 'o-1', trackingNumber: 'TRACK-1', reservationId: 'c-1', paymentId: 'p-1', amount: { amount: 2250, currency: 'EUR' }, completesOrder: true },
};
const delivered: ShipmentEvent = { type: 'ShipmentDelivered', data: { shipmentId: 's-1', orderId: 'o-1' } };
const cancelled: ShipmentEvent = { type: 'ShipmentCancelled', data: { shipmentId: 's-1', orderId: 'o-1', reason: 'wrong box' } };
const ship = { type: 'ShipShipment' as const, trackingNumber: ' TRACK-1 ', reservationId: 'c-1', paymentId: 'p-1', completesOrder: true };

describe('shipment decider', () => {
  it('creates a PENDING shipment with a trimmed carrier, once', () => {
    given([]).when({ type: 'CreateShipment', shipmentId: 's-1', orderId: 'o-1', carrier: ' DHL ', lines }).then([created]);
    given([created]).when({ type: 'CreateShipment', shipmentId: 's-1', orderId: 'o-1', carrier: 'DHL', lines }).thenRejects(ConflictError, 'CONFLICT');
    given([]).when({ type: 'CreateShipment', shipmentId: 's-1', orderId: 'o-1', carrier: '  ', lines }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given([]).when({ type: 'CreateShipment', shipmentId: 's-1', orderId: 'o-1', carrier: 'DHL', lines: [] }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('ships a pending shipment, asking to capture what its lines are worth', () => {
    given([created]).when(ship).then([shipped]);
    expect(valueOf(lines)).toEqual({ amount: 2250, currency: 'EUR' });
    given([created]).when({ ...ship, trackingNumber: '' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given([]).when(ship).thenRejects(NotFoundError, 'NOT_FOUND');
  });

  it('refuses to ship twice, or to ship a cancelled or delivered shipment', () => {
    given([created, shipped]).when(ship).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, cancelled]).when(ship).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, shipped, delivered]).when(ship).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('delivers only a shipped shipment', () => {
    given([created, shipped]).when({ type: 'DeliverShipment' }).then([delivered]);
    given([created]).when({ type: 'DeliverShipment' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, shipped, delivered]).when({ type: 'DeliverShipment' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, cancelled]).when({ type: 'DeliverShipment' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('cancels only while pending; DELIVERED and CANCELLED are terminal', () => {
    given([created]).when({ type: 'CancelShipment', reason: 'wrong box' }).then([cancelled]);
    given([created, shipped]).when({ type: 'CancelShipment', reason: 'x' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, shipped, delivered]).when({ type: 'CancelShipment', reason: 'x' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given([created, cancelled]).when({ type: 'CancelShipment', reason: 'x' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });
});
