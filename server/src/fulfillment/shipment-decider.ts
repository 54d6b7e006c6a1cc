import type { Decider } from '../commands/decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../shared/errors';
import type { Money } from '../shared/money';
import { quantity, text } from '../shared/validation';
import { SHIPMENT_STREAM_TYPE, type ShipmentEvent, type ShipmentLine } from './events';

export type ShipmentStatus = 'PENDING' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

export interface ShipmentState {
  shipmentId: string | undefined;
  orderId: string | undefined;
  status: ShipmentStatus;
  carrier: string | undefined;
  lines: ShipmentLine[];
  trackingNumber: string | undefined;
}

export type ShipmentCommand =
  | { type: 'CreateShipment'; shipmentId: string; orderId: string; carrier: string; lines: ShipmentLine[] }
  | { type: 'ShipShipment'; trackingNumber: string; reservationId: string; paymentId: string; completesOrder: boolean }
  | { type: 'DeliverShipment' }
  | { type: 'CancelShipment'; reason: string };

export const MAX_CARRIER_LENGTH = 100;
export const MAX_TRACKING_NUMBER_LENGTH = 100;

export const initialState = (): ShipmentState => ({ shipmentId: undefined, orderId: undefined, status: 'PENDING', carrier: undefined, lines: [], trackingNumber: undefined });

export function evolve(state: ShipmentState, event: ShipmentEvent): ShipmentState {
  switch (event.type) {
    case 'ShipmentCreated':
      return { ...state, shipmentId: event.data.shipmentId, orderId: event.data.orderId, carrier: event.data.carrier, lines: event.data.lines, status: 'PENDING' };
    case 'ShipmentShipped':
      return { ...state, status: 'SHIPPED', trackingNumber: event.data.trackingNumber };
    case 'ShipmentDelivered':
      return { ...state, status: 'DELIVERED' };
    case 'ShipmentCancelled':
      return { ...state, status: 'CANCELLED' };
  }
}

/** What the lines are worth, in the order's currency. */
export function valueOf(lines: readonly ShipmentLine[]): Money {
  const currency = lines[0]?.unitPrice.currency ?? 'XXX';
  return { amount: lines.reduce((sum, l) => sum + l.unitPrice.amount * l.quantity, 0), currency };
}

function existing(state: ShipmentState): { shipmentId: string; orderId: string } {
  if (!state.shipmentId || !state.orderId) throw new NotFoundError('Shipment');
  return { shipmentId: state.shipmentId, orderId: state.orderId };
}

/** Only PENDING shipments ship or cancel, only SHIPPED ones are delivered; DELIVERED and CANCELLED are terminal. */
export function requireStatus(state: ShipmentState, expected: ShipmentStatus, action: string): void {
  if (state.status !== expected) throw new InvalidStateError(`A ${state.status} shipment cannot be ${action}`, { status: state.status });
}

export function decide(command: ShipmentCommand, state: ShipmentState): ShipmentEvent[] {
  switch (command.type) {
    case 'CreateShipment': {
      if (state.shipmentId) throw new ConflictError(`Shipment ${command.shipmentId} already exists`);
      const carrier = text('carrier', command.carrier, { max: MAX_CARRIER_LENGTH });
      if (command.lines.length === 0) throw new BadUserInputError('A shipment needs at least one line', { field: 'lines' });
      // The order planned these lines within its own bounds; a shipment never carries more than an order line may hold.
      for (const line of command.lines) quantity(line.quantity);
      return [{ type: 'ShipmentCreated', data: { shipmentId: command.shipmentId, orderId: command.orderId, carrier, lines: command.lines } }];
    }
    case 'ShipShipment': {
      const { shipmentId, orderId } = existing(state);
      requireStatus(state, 'PENDING', 'shipped');
      const trackingNumber = text('trackingNumber', command.trackingNumber, { max: MAX_TRACKING_NUMBER_LENGTH });
      const { reservationId, paymentId, completesOrder } = command;
      return [{ type: 'ShipmentShipped', data: { shipmentId, orderId, trackingNumber, reservationId, paymentId, amount: valueOf(state.lines), completesOrder } }];
    }
    case 'DeliverShipment': {
      const { shipmentId, orderId } = existing(state);
      requireStatus(state, 'SHIPPED', 'delivered');
      return [{ type: 'ShipmentDelivered', data: { shipmentId, orderId } }];
    }
    case 'CancelShipment': {
      const { shipmentId, orderId } = existing(state);
      requireStatus(state, 'PENDING', 'cancelled');
      const reason = text('reason', command.reason, { max: 500 });
      return [{ type: 'ShipmentCancelled', data: { shipmentId, orderId, reason } }];
    }
  }
}

export const shipmentDecider: Decider<ShipmentState, ShipmentCommand, ShipmentEvent> = { streamType: SHIPMENT_STREAM_TYPE, initialState, evolve, decide };
