import { ErrorMessage } from '../shared/ErrorMessage';
import { formatMoney } from '../shared/format-money';
import { shortId } from '../shared/short-id';
import { CheckoutForm } from './CheckoutForm';
import { CheckoutStatus } from './CheckoutStatus';
import { OrderItemRow } from './OrderItemRow';
import { OrderStatusBadge } from './OrderStatusBadge';
import { useLiveOrder } from './use-live-order';
import { useOrder } from './use-order';

/** An order with its items, kept live by the `orderUpdated` subscription. */
export function OrderPanel({ orderId, title, headingLevel = 2 }: { orderId: string; title: string; headingLevel?: 1 | 2 }) {
  const { order, loading, error } = useOrder(orderId);
  const live = useLiveOrder(orderId);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const headingId = `order-panel-${orderId}`;

  return (
    <section className="order-panel" aria-labelledby={headingId}>
      <Heading id={headingId}>{title}</Heading>
      {loading && !order && <p aria-busy="true">Loading the order…</p>}
      {error && <ErrorMessage error={error} />}
      {!loading && !error && !order && <p>Order {shortId(orderId)} was not found.</p>}
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
          {order.checkout && <CheckoutStatus checkout={order.checkout} />}
          {order.status === 'DRAFT' && order.items.length > 0 && <CheckoutForm orderId={order.id} attempts={order.checkout?.attempts ?? 0} />}
        </>
      )}
      <p className="live-note" aria-live="polite">
        {live.error
          ? 'Live updates are unavailable; reload to see changes made elsewhere.'
          : live.lastPushedVersion !== null
            ? `Live: received version ${live.lastPushedVersion}`
            : 'Listening for changes made elsewhere'}
      </p>
    </section>
  );
}
