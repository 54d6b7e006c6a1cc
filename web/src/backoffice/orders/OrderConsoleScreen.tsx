import { useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { Link } from '../../app/Link';
import { usePageTitle } from '../../app/use-page-title';
import { paths } from '../../app/routes';
import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { ORDER_STATUS_LABELS, OrderStatusBadge } from '../../orders/OrderStatusBadge';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime } from '../../shared/format-date-time';
import { formatMoney } from '../../shared/format-money';
import { shortId } from '../../shared/short-id';
import { ConfirmAction } from './ConfirmAction';
import { ConsoleCancelOrder } from './console-operations';
import { allowedActions, unitsLeftToShip } from './console-state';
import { LiveState } from './LiveState';
import { NotificationsList } from './NotificationsList';
import { PaymentPanel } from './PaymentPanel';
import { ShipmentsPanel } from './ShipmentsPanel';
import { Timeline } from './Timeline';
import { TimeTravel, versionEvent } from './TimeTravel';
import { useConsoleOrder } from './use-console-order';
import './backoffice-orders.css';

type Order = ConsoleOrderFieldsFragment;

function CustomerCard({ order }: { order: Order }) {
  return (
    <section className="console-card" aria-labelledby="console-customer">
      <h2 id="console-customer">Customer</h2>
      {order.customer ? (
        <p>
          <strong data-testid="console-customer-name">{order.customer.name}</strong>
          <br />
          <a href={`mailto:${order.customer.email}`}>{order.customer.email}</a>
        </p>
      ) : (
        <p className="muted">No account (an order from before accounts).</p>
      )}
    </section>
  );
}

function ItemsCard({ order }: { order: Order }) {
  const left = unitsLeftToShip(order);
  return (
    <section className="console-card" aria-labelledby="console-items">
      <h2 id="console-items">Items</h2>
      {order.items.length === 0 ? (
        <p className="muted">No items.</p>
      ) : (
        <ul className="console-items">
          {order.items.map((item) => (
            <li key={item.variantId}>
              <span>
                {item.quantity} × {item.productName} – {item.variantName} <span className="muted">({item.sku})</span>
              </span>
              <span className="console-item-money">
                {formatMoney(item.lineTotal)}
                {order.status !== 'DRAFT' && order.status !== 'CHECKOUT_PENDING' && order.status !== 'CANCELLED' ? (
                  <span className="muted"> · {Math.max(0, left.get(item.variantId) ?? 0)} not in a shipment</span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="console-total">
        Total <strong data-testid="console-total">{order.total ? formatMoney(order.total) : '—'}</strong>
      </p>
    </section>
  );
}

function CancelOrderAction({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const client = useApolloClient();
  const [reason, setReason] = useState('');
  return (
    <ConfirmAction
      label="Cancel order"
      confirmLabel="Confirm cancelling the order"
      danger
      question="Cancel this order? Its stock is released and its payment voided or refunded."
      run={async () => {
        await client.mutate({ mutation: ConsoleCancelOrder, variables: { orderId: order.id, reason: reason.trim() || 'Cancelled by staff' } });
        onChanged();
      }}
    >
      <label className="console-input">
        <span>Reason</span>
        <input value={reason} placeholder="Cancelled by staff" onChange={(event) => setReason(event.target.value)} />
      </label>
    </ConfirmAction>
  );
}

/** One order with everything about it, its actions, its timeline and its past, live. */
export function OrderConsoleScreen({ orderId }: { orderId: string }) {
  const live = useConsoleOrder(orderId);
  const [version, setVersion] = useState<number | null>(null);
  const order = live.order;
  // The status in the tab's name: a console left open in another tab says how the order stands.
  usePageTitle(`Order ${shortId(orderId)}${order ? `, ${ORDER_STATUS_LABELS[order.status]}` : ''} · Back office`);

  if (!live.loaded) {
    return live.error ? <ErrorMessage error={live.error} /> : <p aria-busy="true">Loading order…</p>;
  }
  if (!order) {
    return (
      <section className="order-console">
        <h1>Order not found</h1>
        <p>
          There is no order {orderId} in this shop. <Link to={paths.backOffice.orders()}>Back to the orders board</Link>
        </p>
      </section>
    );
  }
  const allowed = allowedActions(order);
  const shownVersion = version !== null && version < order.version ? version : order.version;
  const upTo = shownVersion < order.version ? (versionEvent(order, shownVersion)?.position ?? null) : null;

  return (
    <section className="order-console" aria-labelledby="order-console-heading">
      <p className="console-back">
        <Link to={paths.backOffice.orders()}>← Orders board</Link>
      </p>
      <header className="console-header">
        <h1 id="order-console-heading">Order {shortId(order.id)}</h1>
        <p>
          <span data-testid="console-status">
            <OrderStatusBadge status={order.status} />
          </span>{' '}
          <span className="muted">
            version <span data-testid="console-version">{order.version}</span> · created {formatDateTime(order.createdAt)} · last change {formatDateTime(order.updatedAt)}
          </span>{' '}
          <LiveState />
        </p>
        {order.checkout?.failureReason ? (
          <p className="muted">
            Last checkout failed: {order.checkout.failureReason}
            {order.checkout.declineCode ? ` (${order.checkout.declineCode})` : ''}
            {order.checkout.outOfStockSkus.length ? ` (${order.checkout.outOfStockSkus.join(', ')})` : ''}
          </p>
        ) : null}
        {allowed.cancelOrder && (
          <div className="console-actions">
            <CancelOrderAction order={order} onChanged={live.refresh} />
          </div>
        )}
        {live.error ? <ErrorMessage error={live.error} /> : null}
        {live.liveError ? <ErrorMessage error={live.liveError} /> : null}
      </header>
      <div className="console-grid">
        <div className="console-column">
          <CustomerCard order={order} />
          <ItemsCard order={order} />
          <PaymentPanel order={order} onChanged={live.refresh} />
          <ShipmentsPanel order={order} onChanged={live.refresh} />
          <NotificationsList notifications={live.notifications} />
        </div>
        <div className="console-column">
          <TimeTravel order={order} version={shownVersion} onVersion={setVersion} />
          <Timeline history={order.history} upToPosition={upTo} customer={order.customer} />
        </div>
      </div>
    </section>
  );
}
