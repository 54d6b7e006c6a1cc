import type { ConsoleOrderFieldsFragment, OrderStatus } from '../../gql/graphql';

type Order = ConsoleOrderFieldsFragment;

/** Units of each variant not yet in a shipment (cancelled shipments give theirs back), as the API counts them. */
export function unitsLeftToShip(order: Order): Map<string, number> {
  const left = new Map(order.items.map((item) => [item.variantId, item.quantity]));
  for (const shipment of order.shipments) {
    if (shipment.status === 'CANCELLED') continue;
    for (const line of shipment.lines) left.set(line.variantId, (left.get(line.variantId) ?? 0) - line.quantity);
  }
  return left;
}

const SHIPPABLE: readonly OrderStatus[] = ['PLACED', 'PARTIALLY_SHIPPED'];
const CANCELLABLE: readonly OrderStatus[] = ['DRAFT', 'CHECKOUT_PENDING', 'PLACED'];

/**
 * Which actions the order's state allows, by the lifecycle in the README. The console offers
 * only these; the API stays the judge and its refusal is shown when the state moved meanwhile.
 */
export function allowedActions(order: Order) {
  const payment = order.payment;
  const uncaptured = payment ? payment.amountAuthorized.amount - payment.amountCaptured.amount : 0;
  const refundable = payment ? payment.amountCaptured.amount - payment.amountRefunded.amount : 0;
  const paymentLive = payment !== null && payment !== undefined && ['AUTHORIZED', 'PARTIALLY_CAPTURED', 'CAPTURED', 'PARTIALLY_REFUNDED'].includes(payment.status);
  return {
    createShipment: SHIPPABLE.includes(order.status) && [...unitsLeftToShip(order).values()].some((left) => left > 0),
    cancelOrder: CANCELLABLE.includes(order.status) && !order.shipments.some((s) => s.status === 'SHIPPED' || s.status === 'DELIVERED'),
    capture: paymentLive && order.status !== 'CANCELLED' && uncaptured > 0,
    refund: paymentLive && refundable > 0,
    void: paymentLive && payment!.status === 'AUTHORIZED' && payment!.amountCaptured.amount === 0,
    uncaptured,
    refundable,
  };
}
