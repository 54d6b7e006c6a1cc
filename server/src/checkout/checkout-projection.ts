import type { Projection } from '../projector/projection';
import { ORDER_UPDATED } from '../ordering/events';
import { CHECKOUT_STATUS_CHANGED, checkoutEventTypes, type CheckoutEvent, type CheckoutStatus } from './events';

/** Each checkout attempt of an order, with the step it reached and why it failed. */
export const checkoutProjection: Projection = {
  name: 'checkouts',
  tables: ['checkouts'],
  eventTypes: checkoutEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as CheckoutEvent & typeof recorded;
    const key = { tenant_id: recorded.tenantId, id: event.data.checkoutId };
    let orderId: string;
    let previous: CheckoutStatus | undefined;
    if (event.type === 'CheckoutStarted') {
      orderId = event.data.orderId;
      await trx('checkouts').insert({ ...key, order_id: orderId, seq: recorded.position, attempt: event.data.attempt, status: 'STARTED', started_at: recorded.recordedAt, updated_at: recorded.recordedAt });
    } else {
      const row = await trx('checkouts').where(key).first('order_id', 'status');
      orderId = row.order_id;
      previous = row.status;
    }
    const status = statusAfter[event.type] ?? previous!;
    await trx('checkouts').where(key).update({ status, updated_at: recorded.recordedAt, ...detailsOf(event) });
    changed({ topic: ORDER_UPDATED, id: orderId, tenantId: recorded.tenantId });
    if (status !== previous) {
      const failureReason = event.type === 'CheckoutFailed' ? event.data.reason : null;
      changed({ topic: CHECKOUT_STATUS_CHANGED, id: orderId, tenantId: recorded.tenantId, data: { status, failureReason, at: recorded.recordedAt } });
    }
  },
};

/** The events that move a checkout to another status; the others only add details. */
const statusAfter: Partial<Record<CheckoutEvent['type'], CheckoutStatus>> = {
  CheckoutStarted: 'STARTED',
  CheckoutStockReservationRequested: 'RESERVING_STOCK',
  CheckoutStockReserved: 'STOCK_RESERVED',
  CheckoutPaymentAuthorizationRequested: 'AUTHORIZING_PAYMENT',
  CheckoutCompleted: 'COMPLETED',
  CheckoutFailed: 'FAILED',
};

function detailsOf(event: CheckoutEvent): Record<string, unknown> {
  switch (event.type) {
    case 'CheckoutPaymentAuthorizationRequested':
      return { payment_id: event.data.paymentId };
    case 'CheckoutFailed':
      return { failure_reason: event.data.reason, out_of_stock_skus: JSON.stringify(event.data.outOfStockSkus), decline_code: event.data.declineCode };
    default:
      return {};
  }
}
