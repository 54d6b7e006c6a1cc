import type { Knex } from 'knex';
import type { AppendHook } from '../eventstore/event-store';
import type { RecordedEvent } from '../eventstore/types';
import { paymentStreamId } from '../payments/events';
import { newId } from '../shared/ids';
import { notificationKindOf, type NotificationKind } from './kinds';

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

/**
 * The append hook that writes the outbox: it runs in the transaction of the events, so a
 * notification is queued exactly when the events that cause it commit (a rejected or conflicting
 * append queues nothing).
 */
export const enqueueNotifications: AppendHook = async (trx, events) => {
  const rows = [];
  // An order cancelled in the same append as its checkout's outcome (the customer cancelled while
  // it ran) gets only the cancellation: "placed" or "checkout failed" would be news already stale.
  const cancelledNow = new Set(events.filter((e) => e.type === 'OrderCancelled').map((e) => (e.data as { orderId: string }).orderId));
  for (const event of events) {
    const kind = notificationKindOf(event.type);
    if (!kind) continue;
    const orderId = await orderIdOf(trx, event);
    if (!orderId) continue;
    if (kind !== 'ORDER_CANCELLED' && cancelledNow.has(orderId)) continue;
    rows.push({
      id: newId(),
      tenant_id: event.tenantId,
      order_id: orderId,
      kind,
      event_position: event.position,
      data: JSON.stringify({ ...(event.data as object), eventType: event.type }),
      created_at: event.recordedAt,
    });
  }
  if (rows.length > 0) await trx('notification_outbox').insert(rows);
};

/**
 * The order an event is about: named in its data, or (payment events carry only the payment id)
 * the one its payment was created for, read from the log in this same transaction.
 */
async function orderIdOf(trx: Knex.Transaction, event: RecordedEvent): Promise<string | undefined> {
  const data = (event.data ?? {}) as { orderId?: unknown; paymentId?: unknown };
  if (typeof data.orderId === 'string' && uuidPattern.test(data.orderId)) return data.orderId;
  if (typeof data.paymentId !== 'string') return undefined;
  const created = await trx('events')
    .where({ tenant_id: event.tenantId, stream_id: paymentStreamId(data.paymentId), event_type: 'PaymentCreated' })
    .first<{ data: { orderId?: string } } | undefined>('data');
  const orderId = created?.data.orderId;
  return typeof orderId === 'string' && uuidPattern.test(orderId) ? orderId : undefined;
}
