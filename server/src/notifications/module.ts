import type { Knex } from 'knex';
import type { Logger } from '../config/logger';
import type { EventStore } from '../eventstore/event-store';
import type { ResolverContainer } from '../graphql/schema';
import type { OrderAccess } from '../ordering/order-access';
import { passwordResetOutbox } from './account-messages';
import { NotificationDispatcher, type DispatcherOptions } from './dispatcher';
import { NotificationQueries } from './notification-queries';
import { NotificationResolver } from './notification-resolver';
import { enqueueNotifications, outboxRowsInAppend } from './outbox';
import { notificationKindOf } from './kinds';
import type { NotificationSender } from './sender';
import { TableNotificationSender } from './table-sender';

export const notificationsResolvers = [NotificationResolver];

/**
 * Notifications: the outbox is written by a hook on every append of `store` (create this module
 * before anything appends), and the dispatcher delivers it through `sender` (the notifications
 * table by default).
 */
export function createNotificationsModule(deps: {
  db: Knex;
  store: EventStore;
  logger: Logger;
  sender?: NotificationSender;
  dispatcher?: Omit<DispatcherOptions, 'db' | 'sender' | 'logger'>;
}) {
  // Only appends of events that queue a notification write the outbox; most of those in their own
  // statement (order events name their order), the others in a transaction with it.
  deps.store.onAppend(enqueueNotifications, (type) => notificationKindOf(type) !== undefined, outboxRowsInAppend);
  const sender = deps.sender ?? new TableNotificationSender(deps.logger);
  const dispatcher = new NotificationDispatcher({ db: deps.db, sender, logger: deps.logger, ...deps.dispatcher });
  const queries = new NotificationQueries(deps.db);
  return {
    queries,
    dispatcher,
    /** Where the accounts context queues password-reset mails. */
    passwordResets: passwordResetOutbox(() => dispatcher.wake()),
    /** `orders`: who may see which order's notifications (the ordering context decides). */
    register(container: ResolverContainer, orders: OrderAccess) {
      container.register(NotificationResolver, new NotificationResolver(queries, orders));
    },
  };
}
