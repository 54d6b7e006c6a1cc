import type { ReactNode } from 'react';
import { useLiveConnection } from '../app/live-connection';
import { describeError } from '../shared/describe-error';
import { ErrorMessage } from '../shared/ErrorMessage';
import { formatMoney } from '../shared/format-money';
import { shortId } from '../shared/short-id';
import { CheckoutForm } from './CheckoutForm';
import { CheckoutStatus } from './CheckoutStatus';
import { OrderItemRow } from './OrderItemRow';
import { OrderStatusBadge } from './OrderStatusBadge';
import { useLiveOrder } from './use-live-order';
import { useOrder } from './use-order';
import './orders.css';

/**
 * An order with its items, kept live by the `orderUpdated` subscription. `children` go below the
 * total (the order page puts payment, shipments and cancelling there).
 */
export function OrderPanel({ orderId, title, headingLevel = 2, children }: { orderId: string; title: string; headingLevel?: 1 | 2; children?: ReactNode }) {
  const { order, loading, error } = useOrder(orderId);
  // An order that does not exist (or is not the caller's) has nothing to follow either.
  const notFound = (!loading && !error && !order) || (error !== undefined && describeError(error).code === 'NOT_FOUND');
  const live = useLiveOrder(orderId, { skip: notFound });
  // While the socket is down nothing is pushed; once it is back the order is read again (apollo-client.ts).
  const reconnecting = useLiveConnection() === 'reconnecting';
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const headingId = `order-panel-${orderId}`;

  return (
    <section className="order-panel" aria-labelledby={headingId}>
      <Heading id={headingId}>{title}</Heading>
      {loading && !order && <p aria-busy="true">Loading the order…</p>}
      {notFound ? (
        <div className="error" role="alert" data-code="NOT_FOUND">
          <p className="error-title">Order not found</p>
          <p className="error-detail">There is no order {shortId(orderId)}, or it belongs to another account.</p>
        </div>
      ) : (
        error && <ErrorMessage error={error} />
      )}
      {order && (
        <>
          <dl className="order-meta">
            <dt>Order</dt>
            <dd title={order.id}>{shortId(order.id)}</dd>
            <dt>Status</dt>
            <dd>
              <OrderStatusBadge status={order.status} />
            </dd>
            <dt>Version</dt>
            <dd data-testid="order-version">{order.version}</dd>
          </dl>
          {order.items.length === 0 ? (
            <p className="muted">No items yet. Add some from the catalog.</p>
          ) : (
            <ul className="order-items" aria-label="Items">
              {order.items.map((item) => (
                <OrderItemRow key={item.variantId} orderId={order.id} item={item} editable={order.status === 'DRAFT'} />
              ))}
            </ul>
          )}
          <p className="order-total">
            <span>Total</span>
            <strong data-testid="order-total">{order.total ? formatMoney(order.total) : '—'}</strong>
          </p>
          {order.checkout && <CheckoutStatus checkout={order.checkout} orderStatus={order.status} />}
          {order.status === 'DRAFT' && order.items.length > 0 && <CheckoutForm orderId={order.id} attempts={order.checkout?.attempts ?? 0} />}
          {children}
        </>
      )}
      {!notFound && (
        <p className="live-note" aria-live="polite">
          {live.error
            ? 'Live updates are unavailable; reload to see changes made elsewhere.'
            : reconnecting
              ? 'Reconnecting…'
              : live.lastPushedVersion !== null
                ? `Live: received version ${live.lastPushedVersion}`
                : 'Listening for changes made elsewhere'}
        </p>
      )}
    </section>
  );
}
