import type { OrderFieldsFragment } from '../gql/graphql';

const FAILURE_TEXT: Record<string, string> = {
  OUT_OF_STOCK: 'Not enough stock',
  PAYMENT_DECLINED: 'The payment was declined',
  PAYMENT_FAILED: 'The payment could not be processed',
  RESERVATION_EXPIRED: 'The reserved stock expired before the payment completed',
};

/** Where the latest checkout of the order stands, as the checkout process reports it live. */
export function CheckoutStatus({ checkout }: { checkout: NonNullable<OrderFieldsFragment['checkout']> }) {
  if (checkout.status === 'FAILED') {
    const reason = checkout.failureReason ?? '';
    const details = [
      checkout.outOfStockSkus.length > 0 ? `SKUs: ${checkout.outOfStockSkus.join(', ')}` : null,
      checkout.declineCode ? `decline code ${checkout.declineCode}` : null,
    ].filter(Boolean);
    return (
      <div className="checkout-status failed" role="status" data-testid="checkout-status" data-status={checkout.status}>
        <strong>Checkout failed: {FAILURE_TEXT[reason] ?? reason}</strong>
        {details.length > 0 && <span className="muted"> ({details.join('; ')})</span>}
        <p className="muted">The order is a draft again: change it or try another card.</p>
      </div>
    );
  }
  const label = checkout.status === 'COMPLETED' ? 'Checkout complete: the order is placed' : `Checkout in progress: ${checkout.status.toLowerCase().replace(/_/g, ' ')}…`;
  return (
    <p className={`checkout-status ${checkout.status === 'COMPLETED' ? 'completed' : 'pending'}`} role="status" data-testid="checkout-status" data-status={checkout.status}>
      {label}
    </p>
  );
}
