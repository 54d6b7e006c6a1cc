import { useQuery } from '@apollo/client/react';
import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { OrderStatusBadge } from '../../orders/OrderStatusBadge';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime } from '../../shared/format-date-time';
import { formatMoney } from '../../shared/format-money';
import { ConsoleOrderAtVersionQuery } from './console-operations';
import { eventLabel } from './Timeline';

type Order = ConsoleOrderFieldsFragment;

/** The order's own event that made each version, for the slider's label. */
export function versionEvent(order: Order, version: number) {
  return order.history.find((entry) => entry.streamType === 'Order' && entry.version === version && entry.streamId.endsWith(order.id));
}

/**
 * A slider over the order's versions showing the order as it stood, rebuilt from its events by
 * the API. Read without the cache: the past must never overwrite the present order there.
 */
export function TimeTravel({ order, version, onVersion }: { order: Order; version: number; onVersion: (version: number | null) => void }) {
  const current = version >= order.version;
  const { data, error, loading } = useQuery(ConsoleOrderAtVersionQuery, { variables: { id: order.id, version }, skip: current, fetchPolicy: 'no-cache' });
  const event = versionEvent(order, version);
  const past = data?.order;

  return (
    <section className="console-card console-time-travel" aria-labelledby="console-time-travel">
      <h2 id="console-time-travel">Time travel</h2>
      <label className="time-travel-slider">
        <span>
          Version <strong data-testid="time-travel-version">{version}</strong> of {order.version}
          {event ? ` · ${eventLabel(event.type)}, ${formatDateTime(event.occurredAt)}` : ''}
        </span>
        <input
          type="range"
          min={1}
          max={order.version}
          step={1}
          value={version}
          aria-label="Order version"
          aria-valuetext={`Version ${version} of ${order.version}`}
          onChange={(event) => {
            const chosen = Number(event.target.value);
            onVersion(chosen >= order.version ? null : chosen);
          }}
        />
      </label>
      {current ? (
        <p className="muted">Showing the order as it is now. Move the slider back to see it as it stood.</p>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : loading || !past ? (
        <p aria-busy="true">Rebuilding version {version}…</p>
      ) : (
        <div className="time-travel-view" data-testid="time-travel-view" aria-label={`The order at version ${past.version}`}>
          <p>
            As it stood at version {past.version} ({formatDateTime(past.updatedAt)}): <OrderStatusBadge status={past.status} />
          </p>
          {past.items.length === 0 ? (
            <p className="muted">No items.</p>
          ) : (
            <ul>
              {past.items.map((item) => (
                <li key={item.variantId}>
                  {item.quantity} × {item.productName} – {item.variantName} ({item.sku}) {formatMoney(item.lineTotal)}
                </li>
              ))}
            </ul>
          )}
          <p>Total: {past.total ? formatMoney(past.total) : '—'}</p>
          <button type="button" className="link-button" onClick={() => onVersion(null)}>
            Back to now
          </button>
        </div>
      )}
    </section>
  );
}
