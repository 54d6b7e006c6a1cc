import type { CommandContext } from '../commands/command-context';
import type { EventStore } from '../eventstore/event-store';
import type { AppendResult } from '../eventstore/types';
import type { InventoryService } from '../inventory/inventory-service';
import { orderStreamId, type OrderEvent } from '../ordering/events';
import { orderDecider } from '../ordering/order-decider';
import { NotFoundError } from '../shared/errors';
import { newId } from '../shared/ids';
import { shipmentStreamId, type ShipmentLine } from './events';
import { requireStatus, shipmentDecider } from './shipment-decider';
import { appendOf, decideAtomically, loadStream } from '../commands/streams';

export interface ShipmentCommandResult {
  shipmentId: string;
  orderId: string;
  append: AppendResult | undefined;
}

/**
 * Shipment commands. Each one records the shipment's event and the order's matching event in one
 * transaction, so the order's stream is always the truth about what has shipped: two shipments
 * can never take more of a line than was ordered, and an order is never both cancelled and shipped.
 */
export class FulfillmentService {
  constructor(
    private readonly store: EventStore,
    private readonly inventory: InventoryService,
  ) {}

  async createShipment(orderId: string, lines: { variantId: string; quantity: number }[], carrier: string, ctx: CommandContext): Promise<ShipmentCommandResult> {
    const shipmentId = newId();
    const append = await decideAtomically(this.store, ctx, async () => {
      const order = await loadStream(this.store, orderDecider, orderStreamId(orderId), ctx.tenantId);
      if (!order.state.orderId) throw new NotFoundError('Order', orderId);
      const orderEvents = orderDecider.decide({ type: 'PlanShipment', shipmentId, lines }, order.state);
      const planned = orderEvents.find((e): e is Extract<OrderEvent, { type: 'OrderShipmentPlanned' }> => e.type === 'OrderShipmentPlanned')!;
      const shipmentLines: ShipmentLine[] = planned.data.lines.map((l) => ({ ...l, unitPrice: order.state.items.find((i) => i.variantId === l.variantId)!.unitPrice }));
      const shipment = await loadStream(this.store, shipmentDecider, shipmentStreamId(shipmentId), ctx.tenantId);
      const shipmentEvents = shipmentDecider.decide({ type: 'CreateShipment', shipmentId, orderId, carrier, lines: shipmentLines }, shipment.state);
      return [...appendOf(shipmentDecider, shipment, shipmentEvents), ...appendOf(orderDecider, order, orderEvents)];
    });
    return { shipmentId, orderId, append };
  }

  /**
   * Records the shipment as shipped, the order's shipped quantities and the inventory commit of
   * the shipped units in ONE transaction: stock leaves on-hand exactly when, and only if, the
   * shipment is recorded as shipped, with no window where a crash leaves one without the other.
   * The payment capture talks to the gateway, outside the database, so it follows from the
   * recorded ShipmentShipped (see ShipmentCapture), keyed by the shipment id.
   */
  async shipShipment(shipmentId: string, trackingNumber: string, ctx: CommandContext): Promise<ShipmentCommandResult> {
    let orderId = '';
    const append = await decideAtomically(this.store, ctx, async () => {
      const shipment = await this.loadShipment(shipmentId, ctx);
      orderId = shipment.state.orderId!;
      // The shipment's own state first: shipping twice (or a cancelled shipment) is INVALID_STATE, whatever the order says.
      requireStatus(shipment.state, 'PENDING', 'shipped');
      const order = await loadStream(this.store, orderDecider, orderStreamId(orderId), ctx.tenantId);
      const orderEvents = orderDecider.decide({ type: 'RecordShipment', shipmentId }, order.state);
      const recorded = orderEvents.find((e): e is Extract<OrderEvent, { type: 'OrderShipmentRecorded' }> => e.type === 'OrderShipmentRecorded');
      const { checkoutId: reservationId, paymentId } = order.state.placement!;
      const shipmentEvents = shipmentDecider.decide({ type: 'ShipShipment', trackingNumber, reservationId, paymentId, completesOrder: recorded?.data.fullyShipped ?? false }, shipment.state);
      const stock = await this.inventory.planCommit(reservationId, shipment.state.lines, shipmentId, ctx.tenantId);
      return [...appendOf(shipmentDecider, shipment, shipmentEvents), ...appendOf(orderDecider, order, orderEvents), ...stock];
    });
    return { shipmentId, orderId, append };
  }

  async deliverShipment(shipmentId: string, ctx: CommandContext): Promise<ShipmentCommandResult> {
    let orderId = '';
    const append = await decideAtomically(this.store, ctx, async () => {
      const shipment = await this.loadShipment(shipmentId, ctx);
      orderId = shipment.state.orderId!;
      const shipmentEvents = shipmentDecider.decide({ type: 'DeliverShipment' }, shipment.state);
      const order = await loadStream(this.store, orderDecider, orderStreamId(orderId), ctx.tenantId);
      const orderEvents = orderDecider.decide({ type: 'RecordShipmentDelivery', shipmentId }, order.state);
      return [...appendOf(shipmentDecider, shipment, shipmentEvents), ...appendOf(orderDecider, order, orderEvents)];
    });
    return { shipmentId, orderId, append };
  }

  async cancelShipment(shipmentId: string, reason: string, ctx: CommandContext): Promise<ShipmentCommandResult> {
    let orderId = '';
    const append = await decideAtomically(this.store, ctx, async () => {
      const shipment = await this.loadShipment(shipmentId, ctx);
      orderId = shipment.state.orderId!;
      const shipmentEvents = shipmentDecider.decide({ type: 'CancelShipment', reason }, shipment.state);
      const order = await loadStream(this.store, orderDecider, orderStreamId(orderId), ctx.tenantId);
      const orderEvents = orderDecider.decide({ type: 'CancelShipmentPlan', shipmentId }, order.state);
      return [...appendOf(shipmentDecider, shipment, shipmentEvents), ...appendOf(orderDecider, order, orderEvents)];
    });
    return { shipmentId, orderId, append };
  }

  private async loadShipment(shipmentId: string, ctx: CommandContext) {
    const shipment = await loadStream(this.store, shipmentDecider, shipmentStreamId(shipmentId), ctx.tenantId);
    if (!shipment.state.shipmentId) throw new NotFoundError('Shipment', shipmentId);
    return shipment;
  }
}
