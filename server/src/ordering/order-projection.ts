import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
import { keyOf, readChangedRows, upsertRows, type RowTable } from '../projector/row-batch';
import { ORDER_UPDATED, orderEventTypes, type OrderEvent } from './events';
import { orderTotal, type OrderLine, type OrderStatus } from './order-decider';
import type { OrderRow } from './order-queries';

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

export type StoredOrder = OrderRow & { tenant_id: string };

const ORDERS: RowTable<StoredOrder> = {
  name: 'orders',
  columns: {
    tenant_id: 'text',
    id: 'uuid',
    customer_id: 'text',
    seq: 'bigint',
    status: 'text',
    version: 'integer',
    currency: 'text',
    total_amount: 'bigint',
    items: 'jsonb',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  key: ['tenant_id', 'id'],
  updates: ['status', 'version', 'currency', 'total_amount', 'items', 'updated_at'],
};

/**
 * Orders as the API lists and shows them, totals included. A batch is folded in memory from one
 * read of the orders it touches and written back with one upsert, so catching up and rebuilding
 * cost two statements per batch, not two per event.
 */
export const orderProjection: Projection = {
  name: 'orders',
  tables: ['orders'],
  eventTypes: orderEventTypes,
  apply(event, context) {
    return applyOrderEvents([event], context);
  },
  applyBatch: applyOrderEvents,
};

/** An order's key among the rows the projection keeps in memory (`ProjectionContext.keep`). */
export const orderRowKey = (tenantId: string, orderId: string): string => keyOf(ORDERS, { tenant_id: tenantId, id: orderId });

async function applyOrderEvents(recorded: readonly RecordedEvent[], { trx, changed, keep, known }: ProjectionContext): Promise<void> {
  const events = recorded as readonly (RecordedEvent & OrderEvent)[];
  const keyFields = (e: RecordedEvent & OrderEvent) => ({ tenant_id: e.tenantId, id: e.data.orderId });
  const rows = await readChangedRows(trx, ORDERS, events, keyFields, (e) => e.type === 'OrderCreated', known);
  for (const event of events) {
    const key = keyOf(ORDERS, keyFields(event));
    if (event.type === 'OrderCreated') {
      rows.set(key, {
        tenant_id: event.tenantId,
        id: event.data.orderId,
        customer_id: event.data.customerId ?? null,
        seq: event.position,
        status: 'DRAFT',
        version: event.streamVersion,
        currency: null,
        total_amount: 0,
        items: [],
        created_at: event.recordedAt,
        updated_at: event.recordedAt,
      });
    } else {
      const row = rows.get(key);
      if (!row) throw new Error(`order ${event.data.orderId} is not in the read model`);
      const items = applyToItems(row.items, event);
      rows.set(key, {
        ...row,
        items,
        currency: items[0]?.unitPrice.currency ?? null,
        total_amount: orderTotal({ items }),
        version: event.streamVersion,
        status: statusAfter(event) ?? row.status,
        updated_at: event.recordedAt,
      });
    }
    changed({ topic: ORDER_UPDATED, id: event.data.orderId, tenantId: event.tenantId, version: event.streamVersion });
  }
  await upsertRows(trx, ORDERS, [...rows.values()]);
  if (keep) for (const [key, row] of rows) keep(key, row);
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
