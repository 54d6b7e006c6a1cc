import type { ConsoleOrderQuery } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format-date-time';

type Notification = ConsoleOrderQuery['notifications'][number];

/** The built-in sender addresses the order's customer by the order; other senders name their own recipients. */
const recipientLabel = (recipient: string) => (recipient.startsWith('customer-of-order:') ? 'the customer' : recipient);

/** What the customer was told, as sent. */
export function NotificationsList({ notifications }: { notifications: Notification[] }) {
  return (
    <section className="console-card" aria-labelledby="console-notifications">
      <h2 id="console-notifications">Notifications sent</h2>
      {notifications.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="console-notifications">
          {notifications.map((notification) => (
            <li key={notification.id}>
              <strong>{notification.subject}</strong>
              <span className="muted">
                {' '}
                to {recipientLabel(notification.recipient)} · {formatDateTime(notification.sentAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
