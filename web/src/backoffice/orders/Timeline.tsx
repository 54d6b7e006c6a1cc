import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format-date-time';

type Entry = ConsoleOrderFieldsFragment['history'][number];

/** "ItemAddedToOrder" → "Item added to order". */
export const eventLabel = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

/** Who caused an event, in words: the order's customer by name, other accounts by a short id, processes by name. */
export function actorLabel(actor: string | null | undefined, customer: { id: string; name: string } | null | undefined): string {
  if (!actor) return 'the system';
  const user = /^user:(.+)$/.exec(actor);
  if (!user) return actor;
  if (customer && user[1] === customer.id) return `${customer.name} (customer)`;
  return `account ${user[1].slice(0, 8)}`;
}

/**
 * Every event of the order, its checkouts, payment, stock reservations and shipments, in log
 * order. With a point in time chosen, the events after it are marked as not yet happened.
 */
export function Timeline({ history, upToPosition, customer }: { history: Entry[]; upToPosition: number | null; customer: ConsoleOrderFieldsFragment['customer'] }) {
  return (
    <section className="console-card console-timeline" aria-labelledby="console-timeline">
      <h2 id="console-timeline">Timeline</h2>
      {history.length === 0 ? <p className="muted">No events.</p> : null}
      <ol className="order-timeline" aria-label="Events of the order">
        {history.map((entry) => {
          const later = upToPosition !== null && entry.position > upToPosition;
          return (
            <li key={entry.position} className={later ? 'order-timeline-later' : undefined} aria-label={`${eventLabel(entry.type)}${later ? ' (after the chosen version)' : ''}`}>
              <div className="order-timeline-head">
                <span className="order-timeline-type">{eventLabel(entry.type)}</span>
                <span className="order-timeline-stream">
                  {entry.streamType} v{entry.version}
                </span>
              </div>
              <div className="order-timeline-meta muted">
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                {' · '}
                <span>by {actorLabel(entry.actor, customer)}</span>
              </div>
              <details className="order-timeline-data">
                <summary>Data</summary>
                <pre>{JSON.stringify(entry.data, null, 2)}</pre>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
