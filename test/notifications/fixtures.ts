import type { Knex } from 'knex';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import { notificationKindOf } from '../../server/src/notifications/kinds';
import { enqueueNotifications, outboxRowsInAppend, type AddressedMessage } from '../../server/src/notifications/outbox';
import type { DatabaseNotificationSender } from "../../server/src/notifications/sender";
import { TableNotificationSender } from '../../server/src/notifications/table-sender';
import { newId } from '../../server/src/shared/ids';
import { EVENTUALLY_MS } from '../support/eventually';

export const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

/** A store that writes the outbox, as the app's does (see notifications/module.ts). */
export function storeWithOutbox(db: Knex): EventStore {
  const store = new EventStore(db);
  store.onAppend(enqueueNotifications, (type) => notificationKindOf(type) !== undefined, outboxRowsInAppend);
  return store;
}

/** Places `count` orders (one append each), queueing one ORDER_PLACED notification per order. */
export async function placeOrders(store: EventStore, count: number): Promise<string[]> {
  const orderIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const orderId = newId();
    await store.append({
      streamId: `order-${orderId}`,
      streamType: 'Order',
      expectedVersion: 0,
      events: [
        { type: 'OrderCreated', data: { orderId } },
        { type: 'OrderPlaced', data: { orderId, checkoutId: newId(), paymentId: newId(), total: { amount: 100 * (i + 1), currency: 'EUR' } } },
      ],
    }, { tenantId: 'demo' });
    orderIds.push(orderId);
  }
  return orderIds;
}

/** The default sender, with a hook after each successful write (before its transaction commits). */
export class ObservedSender implements DatabaseNotificationSender {
  readonly sent: string[] = [];
  private readonly inner = new TableNotificationSender(logger);

  constructor(private readonly afterWrite: (count: number, message: AddressedMessage) => void | Promise<void> = () => {}) {}

  async send(message: AddressedMessage, trx: Knex.Transaction): Promise<void> {
    await this.inner.send(message, trx);
    this.sent.push(message.id);
    await this.afterWrite(this.sent.length, message);
  }
}

export interface OutboxState {
  id: string;
  order_id: string;
  kind: string;
  attempts: number;
  last_error: string | null;
  dispatched_at: Date | null;
  failed_at: Date | null;
  claimed_until: Date | null;
  next_attempt_at: Date;
  event_position: string;
  data: Record<string, unknown>;
  tenant_id: string;
  created_at: Date;
}

export const outbox = (db: Knex): Promise<OutboxState[]> => db('notification_outbox').orderBy('event_position');

export async function notificationIds(db: Knex): Promise<string[]> {
  return (await db('notifications').orderBy('id').pluck('id')) as string[];
}

export async function until(condition: () => Promise<boolean>, timeoutMs = EVENTUALLY_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
