import type { Knex } from 'knex';
import type { Projection } from '../projector/projection';
import { ORDER_UPDATED, orderEventTypes, type OrderEvent } from './events';
import { orderTotal, type OrderLine, type OrderStatus } from './order-decider';

/** The order's status after the events that move it through checkout, fulfillment and cancellation. */
function statusAfter(event: OrderEvent): OrderStatus | undefined {
  switch (event.type) {
    case 'CheckoutRequested':
      return 'CHECKOUT_PENDING';
    case 'OrderPlaced':
      return 'PLACED';
    case 'OrderCheckoutFailed':
      return 'DRAFT';
    case 'OrderShipmentRecorded':
      return event.data.fullyShipped ? 'SHIPPED' : 'PARTIALLY_SHIPPED';
    case 'OrderDelivered':
      return 'DELIVERED';
    case 'OrderCancelled':
      return 'CANCELLED';
    default:
      return undefined;
  }
}

/** Orders as the API lists and shows them, totals included. */
export const orderProjection: Projection = {
  name: 'orders',
  tables: ['orders'],
  eventTypes: orderEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as OrderEvent & typeof recorded;
    const key = { tenant_id: recorded.tenantId, id: event.data.orderId };
    if (event.type === 'OrderCreated') {
      await trx('orders').insert({
        ...key,
        customer_id: event.data.customerId ?? null,
        seq: recorded.position,
        status: 'DRAFT',
        version: recorded.streamVersion,
        created_at: recorded.recordedAt,
        updated_at: recorded.recordedAt,
      });
    } else {
      const items = await loadItems(trx, key);
      const next = applyToItems(items, event);
      await trx('orders')
        .where(key)
        .update({
          items: JSON.stringify(next),
          currency: next[0]?.unitPrice.currency ?? null,
          total_amount: orderTotal({ items: next }),
          version: recorded.streamVersion,
          ...(statusAfter(event) && { status: statusAfter(event) }),
          updated_at: recorded.recordedAt,
        });
    }
    changed({ topic: ORDER_UPDATED, id: event.data.orderId, tenantId: recorded.tenantId });
  },
};

async function loadItems(trx: Knex.Transaction, key: { tenant_id: string; id: string }): Promise<OrderLine[]> {
  const row = await trx('orders').where(key).first('items');
  if (!row) throw new Error(`order ${key.id} is not in the read model`);
  return row.items;
}

function applyToItems(items: OrderLine[], event: OrderEvent): OrderLine[] {
  switch (event.type) {
    case 'ItemAddedToOrder': {
      const { orderId: _orderId, ...line } = event.data;
      return [...items, line];
    }
    case 'OrderItemQuantityChanged':
      return items.map((i) => (i.variantId === event.data.variantId ? { ...i, quantity: event.data.quantity } : i));
    case 'ItemRemovedFromOrder':
      return items.filter((i) => i.variantId !== event.data.variantId);
    default:
      return items;
  }
}
