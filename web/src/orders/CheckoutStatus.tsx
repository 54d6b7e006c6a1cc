import type { OrderFieldsFragment, OrderStatus } from '../gql/graphql';

const FAILURE_TEXT: Record<string, string> = {
  OUT_OF_STOCK: 'Not enough stock',
  PAYMENT_DECLINED: 'The payment was declined',
  PAYMENT_FAILED: 'The payment could not be processed',
  RESERVATION_EXPIRED: 'The reserved stock expired before the payment completed',
};

/** What to do next depends on why it failed: another card does not help when stock ran out. */
const FAILURE_ADVICE: Record<string, string> = {
  OUT_OF_STOCK: 'The order is a draft again: remove the items that are out of stock or lower their quantity, then check out again.',
  PAYMENT_DECLINED: 'The order is a draft again: try another card.',
  PAYMENT_FAILED: 'The order is a draft again: check out again, or try another card.',
  RESERVATION_EXPIRED: 'The order is a draft again: check out again.',
};

/**
 * A completed checkout is old news once the order has moved on: the line says where the order
 * stands now, so a delivered order does not read "the order is placed".
 */
const AFTER_CHECKOUT: Partial<Record<OrderStatus, string>> = {
  PLACED: 'Checkout complete: the order is placed',
  PARTIALLY_SHIPPED: 'Paid; part of the order is on its way',
  SHIPPED: 'Paid and shipped: the order is on its way',
  DELIVERED: 'Delivered',
  CANCELLED: 'The order was cancelled',
};

/** Where the latest checkout of the order stands, as the checkout process reports it live. */
export function CheckoutStatus({ checkout, orderStatus }: { checkout: NonNullable<OrderFieldsFragment['checkout']>; orderStatus: OrderStatus }) {
  if (checkout.status === 'FAILED') {
    const reason = checkout.failureReason ?? '';
    const details = [
      checkout.outOfStockSkus.length > 0 ? `SKUs: ${checkout.outOfStockSkus.join(', ')}` : null,
      checkout.declineCode ? `decline code ${checkout.declineCode}` : null,
    ].filter(Boolean);
    // A draft cancelled after a failed checkout: the failure is history, not a thing to act on.
    const advice = orderStatus === 'DRAFT' ? (FAILURE_ADVICE[reason] ?? 'The order is a draft again: change it and check out again.') : AFTER_CHECKOUT[orderStatus];
    return (
      <div className="checkout-status failed" role="status" data-testid="checkout-status" data-status={checkout.status}>
        <strong>Checkout failed: {FAILURE_TEXT[reason] ?? reason}</strong>
        {details.length > 0 && <span className="muted"> ({details.join('; ')})</span>}
        {advice && <p className="muted">{advice}</p>}
      </div>
    );
  }
  const label =
    checkout.status === 'COMPLETED'
      ? (AFTER_CHECKOUT[orderStatus] ?? 'Checkout complete')
      : `Checkout in progress: ${checkout.status.toLowerCase().replace(/_/g, ' ')}…`;
  return (
    <p className={`checkout-status ${checkout.status === 'COMPLETED' ? 'completed' : 'pending'}`} role="status" data-testid="checkout-status" data-status={checkout.status}>
      {label}
    </p>
  );
}
