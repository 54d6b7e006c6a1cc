import type { Knex } from 'knex';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
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

type StoredOrder = OrderRow & { tenant_id: string };

const ROW_TYPES = `tenant_id text, id uuid, customer_id text, seq bigint, status text, version integer, currency text,
  total_amount bigint, items jsonb, created_at timestamptz, updated_at timestamptz`;

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

async function applyOrderEvents(recorded: readonly RecordedEvent[], { trx, changed }: ProjectionContext): Promise<void> {
  const events = recorded as readonly (RecordedEvent & OrderEvent)[];
  const rows = await loadRows(trx, events);
  for (const event of events) {
    const key = rowKey(event.tenantId, event.data.orderId);
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
    changed({ topic: ORDER_UPDATED, id: event.data.orderId, tenantId: event.tenantId });
  }
  if (rows.size === 0) return;
  await trx.raw(
    `INSERT INTO orders (tenant_id, id, customer_id, seq, status, version, currency, total_amount, items, created_at, updated_at)
     SELECT * FROM jsonb_to_recordset(?::jsonb) AS r(${ROW_TYPES})
     ON CONFLICT (tenant_id, id) DO UPDATE SET status = excluded.status, version = excluded.version, currency = excluded.currency,
       total_amount = excluded.total_amount, items = excluded.items, updated_at = excluded.updated_at`,
    [JSON.stringify([...rows.values()])],
  );
}

// uuid columns come back lower-case, whatever case an event spelled the id in.
const rowKey = (tenantId: string, orderId: string) => `${tenantId}\u0000${orderId.toLowerCase()}`;

/** The rows of the orders the batch changes without creating them, read once. */
async function loadRows(trx: Knex.Transaction, events: readonly (RecordedEvent & OrderEvent)[]): Promise<Map<string, StoredOrder>> {
  const createdHere = new Set(events.filter((e) => e.type === 'OrderCreated').map((e) => rowKey(e.tenantId, e.data.orderId)));
  const wanted = new Map<string, { tenantId: string; orderId: string }>();
  for (const e of events) {
    const key = rowKey(e.tenantId, e.data.orderId);
    if (!createdHere.has(key)) wanted.set(key, { tenantId: e.tenantId, orderId: e.data.orderId });
  }
  const rows = new Map<string, StoredOrder>();
  if (wanted.size === 0) return rows;
  const { rows: found } = await trx.raw<{ rows: StoredOrder[] }>(
    `SELECT o.tenant_id, o.id, o.customer_id, o.seq, o.status, o.version, o.currency, o.total_amount, o.items, o.created_at, o.updated_at
       FROM orders o JOIN unnest(?::text[], ?::uuid[]) AS k(tenant_id, id) ON o.tenant_id = k.tenant_id AND o.id = k.id`,
    [[...wanted.values()].map((w) => w.tenantId), [...wanted.values()].map((w) => w.orderId)],
  );
  for (const row of found) rows.set(rowKey(row.tenant_id, row.id), row);
  return rows;
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
