import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
import { keyOf, readChangedRows, upsertRows, type RowTable } from '../projector/row-batch';
import { ORDER_UPDATED } from '../ordering/events';
import { CHECKOUT_STATUS_CHANGED, checkoutEventTypes, type CheckoutEvent, type CheckoutStatus } from './events';

interface CheckoutRow {
  tenant_id: string;
  id: string;
  order_id: string;
  seq: number;
  attempt: number;
  status: CheckoutStatus;
  failure_reason: string | null;
  out_of_stock_skus: string[];
  decline_code: string | null;
  payment_id: string | null;
  started_at: Date;
  updated_at: Date;
}

const CHECKOUTS: RowTable<CheckoutRow> = {
  name: 'checkouts',
  columns: {
    tenant_id: 'text',
    id: 'uuid',
    order_id: 'uuid',
    seq: 'bigint',
    attempt: 'integer',
    status: 'text',
    failure_reason: 'text',
    out_of_stock_skus: 'jsonb',
    decline_code: 'text',
    payment_id: 'uuid',
    started_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  key: ['tenant_id', 'id'],
  updates: ['status', 'failure_reason', 'out_of_stock_skus', 'decline_code', 'payment_id', 'updated_at'],
};

/**
 * Each checkout attempt of an order, with the step it reached and why it failed. A batch reads the
 * checkouts it changes once and writes them back with one upsert.
 */
export const checkoutProjection: Projection = {
  name: 'checkouts',
  tables: ['checkouts'],
  eventTypes: checkoutEventTypes,
  apply(event, context) {
    return applyCheckoutEvents([event], context);
  },
  applyBatch: applyCheckoutEvents,
};

async function applyCheckoutEvents(recorded: readonly RecordedEvent[], { trx, changed, keep, known }: ProjectionContext): Promise<void> {
  const events = recorded as readonly (RecordedEvent & CheckoutEvent)[];
  const keyFields = (e: RecordedEvent & CheckoutEvent) => ({ tenant_id: e.tenantId, id: e.data.checkoutId });
  const rows = await readChangedRows(trx, CHECKOUTS, events, keyFields, (e) => e.type === 'CheckoutStarted', known);
  for (const event of events) {
    const key = keyOf(CHECKOUTS, keyFields(event));
    const before = event.type === 'CheckoutStarted' ? undefined : rows.get(key);
    if (event.type !== 'CheckoutStarted' && !before) throw new Error(`checkout ${event.data.checkoutId} is not in the read model`);
    const row: CheckoutRow =
      event.type === 'CheckoutStarted'
        ? {
            tenant_id: event.tenantId,
            id: event.data.checkoutId,
            order_id: event.data.orderId,
            seq: event.position,
            attempt: event.data.attempt,
            status: 'STARTED',
            failure_reason: null,
            out_of_stock_skus: [],
            decline_code: null,
            payment_id: null,
            started_at: event.recordedAt,
            updated_at: event.recordedAt,
          }
        : before!;
    const status = statusAfter[event.type] ?? row.status;
    rows.set(key, { ...row, status, updated_at: event.recordedAt, ...detailsOf(event) });
    changed({ topic: ORDER_UPDATED, id: row.order_id, tenantId: event.tenantId });
    if (status !== before?.status) {
      const failureReason = event.type === 'CheckoutFailed' ? event.data.reason : null;
      changed({ topic: CHECKOUT_STATUS_CHANGED, id: row.order_id, tenantId: event.tenantId, data: { status, failureReason, at: event.recordedAt } });
    }
  }
  await upsertRows(trx, CHECKOUTS, [...rows.values()]);
  // Kept, so that this node's next batch need not read them back (see ProjectionContext.known).
  if (keep) for (const [key, row] of rows) keep(key, row);
}

/** The events that move a checkout to another status; the others only add details. */
const statusAfter: Partial<Record<CheckoutEvent['type'], CheckoutStatus>> = {
  CheckoutStarted: 'STARTED',
  CheckoutStockReservationRequested: 'RESERVING_STOCK',
  CheckoutStockReserved: 'STOCK_RESERVED',
  CheckoutPaymentAuthorizationRequested: 'AUTHORIZING_PAYMENT',
  CheckoutCompleted: 'COMPLETED',
  CheckoutFailed: 'FAILED',
};

function detailsOf(event: CheckoutEvent): Partial<CheckoutRow> {
  switch (event.type) {
    case 'CheckoutPaymentAuthorizationRequested':
      return { payment_id: event.data.paymentId };
    case 'CheckoutFailed':
      return { failure_reason: event.data.reason, out_of_stock_skus: event.data.outOfStockSkus, decline_code: event.data.declineCode };
    default:
      return {};
  }
}
