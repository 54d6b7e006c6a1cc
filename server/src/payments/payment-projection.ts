import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionContext } from '../projector/projection';
import { keyOf, readChangedRows, upsertRows, type RowTable } from '../projector/row-batch';
import { ORDER_PAYMENT_UPDATED, PAYMENT_UPDATED, paymentEventTypes, type PaymentEvent } from './events';
import { statusAfterCapture, statusAfterRefund, type PaymentStatus } from './payment-decider';

/** A row of the `payments` read table. */
export interface PaymentRow {
  tenant_id: string;
  id: string;
  seq: number;
  order_id: string;
  status: PaymentStatus;
  currency: string;
  amount: number;
  amount_authorized: number;
  amount_captured: number;
  amount_refunded: number;
  decline_code: string | null;
  bank: string | null;
  created_at: Date;
  updated_at: Date;
}

const PAYMENTS: RowTable<PaymentRow> = {
  name: 'payments',
  columns: {
    tenant_id: 'text',
    id: 'uuid',
    seq: 'bigint',
    order_id: 'uuid',
    status: 'text',
    currency: 'text',
    amount: 'bigint',
    amount_authorized: 'bigint',
    amount_captured: 'bigint',
    amount_refunded: 'bigint',
    decline_code: 'text',
    bank: 'text',
    created_at: 'timestamptz',
    updated_at: 'timestamptz',
  },
  key: ['tenant_id', 'id'],
  updates: ['status', 'amount_authorized', 'amount_captured', 'amount_refunded', 'decline_code', 'bank', 'updated_at'],
};

/**
 * Payments as the API lists and shows them, with what was authorized, captured and refunded. A
 * batch reads the payments it changes once and writes them back with one upsert.
 */
export const paymentProjection: Projection = {
  name: 'payments',
  tables: ['payments'],
  eventTypes: paymentEventTypes,
  apply(event, context) {
    return applyPaymentEvents([event], context);
  },
  applyBatch: applyPaymentEvents,
};

async function applyPaymentEvents(recorded: readonly RecordedEvent[], { trx, changed, keep, known }: ProjectionContext): Promise<void> {
  const events = recorded as readonly (RecordedEvent & PaymentEvent)[];
  const keyFields = (e: RecordedEvent & PaymentEvent) => ({ tenant_id: e.tenantId, id: e.data.paymentId });
  const rows = await readChangedRows(trx, PAYMENTS, events, keyFields, (e) => e.type === 'PaymentCreated', known);
  for (const event of events) {
    const key = keyOf(PAYMENTS, keyFields(event));
    let row: PaymentRow;
    if (event.type === 'PaymentCreated') {
      const { paymentId, orderId, amount } = event.data;
      row = {
        tenant_id: event.tenantId,
        id: paymentId,
        seq: event.position,
        order_id: orderId,
        status: 'PENDING',
        currency: amount.currency,
        amount: amount.amount,
        amount_authorized: 0,
        amount_captured: 0,
        amount_refunded: 0,
        decline_code: null,
        bank: null,
        created_at: event.recordedAt,
        updated_at: event.recordedAt,
      };
    } else {
      const before = rows.get(key);
      if (!before) throw new Error(`payment ${event.data.paymentId} is not in the read model`);
      row = { ...before, ...changes(event, before), updated_at: event.recordedAt };
    }
    rows.set(key, row);
    changed({ topic: PAYMENT_UPDATED, id: event.data.paymentId, tenantId: event.tenantId });
    changed({ topic: ORDER_PAYMENT_UPDATED, id: row.order_id, tenantId: event.tenantId });
  }
  await upsertRows(trx, PAYMENTS, [...rows.values()]);
  // Kept, so that this node's next batch need not read them back (see ProjectionContext.known).
  if (keep) for (const [key, row] of rows) keep(key, row);
}

function changes(event: PaymentEvent, current: PaymentRow): Partial<PaymentRow> {
  switch (event.type) {
    case 'PaymentAuthorized':
      return { status: 'AUTHORIZED', amount_authorized: event.data.amount.amount };
    case 'PaymentDeclined':
      return { status: 'DECLINED', decline_code: event.data.declineCode, bank: event.data.bank };
    case 'PaymentCaptured':
      return { status: statusAfterCapture(event.data.totalCaptured.amount, current.amount_authorized), amount_captured: event.data.totalCaptured.amount };
    case 'PaymentRefunded':
      return { status: statusAfterRefund(event.data.totalRefunded.amount, current.amount_captured), amount_refunded: event.data.totalRefunded.amount };
    case 'PaymentVoided':
      return { status: 'VOIDED' };
    case 'PaymentCreated':
      return {};
  }
}
