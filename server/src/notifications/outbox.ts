import type { Knex } from 'knex';
import type { AppendHook } from '../eventstore/event-store';
import type { RowsInAppend } from '../eventstore/rows-in-append';
import type { NewEvent, RecordedEvent } from '../eventstore/types';
import { paymentStreamId } from '../payments/events';
import { newId } from '../shared/ids';
import { notificationKindOf, type NotificationKind } from './kinds';
import { PREPARED } from '../db/prepared-statements';

/** A notification waiting in (or taken from) the outbox. */
export interface OutboxMessage {
  id: string;
  tenantId: string;
  /** The order it is about; null for a message about the account (a password reset). */
  orderId: string | null;
  kind: NotificationKind;
  eventPosition: number;
  /** The causing event's data and type: what the templates fill in. */
  data: Record<string, unknown> & { eventType: string };
  createdAt: Date;
  /** Delivery attempts made before this one. */
  attempts: number;
}

/** A message with the address it goes to, resolved when it is sent (so a changed email is used). */
export interface AddressedMessage extends OutboxMessage {
  recipient: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface OutboxRow {
  id: string;
  tenant_id: string;
  order_id: string;
  kind: NotificationKind;
  data: Record<string, unknown>;
}

/**
 * The outbox rows of an append's events, given each event's order (undefined: about no order).
 * An order cancelled in the same append as its checkout's outcome (the customer cancelled while
 * it ran) gets only the cancellation: "placed" or "checkout failed" would be news already stale.
 */
function outboxRows(tenantId: string, events: readonly NewEvent[], orderIds: readonly (string | undefined)[]): { event: number; row: OutboxRow }[] {
  const cancelledNow = new Set(events.flatMap((e, i) => (e.type === 'OrderCancelled' && orderIds[i] ? [orderIds[i]] : [])));
  return events.flatMap((event, i) => {
    const kind = notificationKindOf(event.type);
    const orderId = orderIds[i];
    if (!kind || !orderId || (kind !== 'ORDER_CANCELLED' && cancelledNow.has(orderId))) return [];
    return [{ event: i, row: { id: newId(), tenant_id: tenantId, order_id: orderId, kind, data: { ...(event.data as object), eventType: event.type } } }];
  });
}

/**
 * The append hook that writes the outbox: it runs in the transaction of the events, so a
 * notification is queued exactly when the events that cause it commit (a rejected or conflicting
 * append queues nothing).
 */
export const enqueueNotifications: AppendHook = async (trx, events) => {
  const orderIds = [];
  for (const event of events) orderIds.push(notificationKindOf(event.type) ? await orderIdOf(trx, event) : undefined);
  const rows = outboxRows(events[0]!.tenantId, events, orderIds).map(({ event, row }) => ({
    ...row,
    data: JSON.stringify(row.data),
    event_position: events[event]!.position,
    created_at: events[event]!.recordedAt,
  }));
  if (rows.length > 0) await trx('notification_outbox').insert(rows);
};

/**
 * The same rows written by the append statement itself, when every notifying event names its
 * order (order and shipment events do): no transaction, no round trips of its own. A payment
 * event names only its payment, whose order is read in the transaction of `enqueueNotifications`.
 */
export const outboxRowsInAppend: RowsInAppend = {
  table: 'notification_outbox',
  columns: { id: 'uuid', tenant_id: 'text', order_id: 'uuid', kind: 'text', data: 'jsonb' },
  positionColumn: 'event_position',
  timeColumn: 'created_at',
  rows(tenantId, events) {
    const orderIds = events.map((event) => (notificationKindOf(event.type) ? orderIdInData(event) : undefined));
    if (events.some((event, i) => notificationKindOf(event.type) && orderIds[i] === undefined)) return undefined;
    return outboxRows(tenantId, events, orderIds).map(({ event, row }) => ({ event, values: { ...row } }));
  },
};

function orderIdInData(event: Pick<NewEvent, 'data'>): string | undefined {
  const orderId = (event.data as { orderId?: unknown } | undefined)?.orderId;
  return typeof orderId === 'string' && uuidPattern.test(orderId) ? orderId : undefined;
}

/**
 * The order an event is about: named in its data, or (payment events carry only the payment id)
 * the one its payment was created for, read from the log in this same transaction.
 */
async function orderIdOf(trx: Knex.Transaction, event: RecordedEvent): Promise<string | undefined> {
  const named = orderIdInData(event);
  if (named) return named;
  const paymentId = (event.data as { paymentId?: unknown } | undefined)?.paymentId;
  if (typeof paymentId !== 'string') return undefined;
  const created = await trx('events')
    .where({ tenant_id: event.tenantId, stream_id: paymentStreamId(paymentId), event_type: 'PaymentCreated' })
    .options(PREPARED)
    .first<{ data: { orderId?: string } } | undefined>('data');
  const orderId = created?.data.orderId;
  return typeof orderId === 'string' && uuidPattern.test(orderId) ? orderId : undefined;
}
