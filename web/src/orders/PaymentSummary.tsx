import type { OrderFieldsFragment, PaymentStatus } from '../gql/graphql';
import { formatMoney } from '../shared/format-money';

type Payment = NonNullable<OrderFieldsFragment['payment']>;

/** In a shopper's words: what happened to their money. */
const PAYMENT_STATUS_TEXT: Record<PaymentStatus, string> = {
  PENDING: 'Waiting for the card to be authorized',
  AUTHORIZED: 'Authorized: the amount is held on the card and is charged when the order ships',
  PARTIALLY_CAPTURED: 'Partly charged: the shipped part is charged, the rest is still held',
  CAPTURED: 'Charged',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  VOIDED: 'Released: the held amount was given back to the card, nothing was charged',
  DECLINED: 'Declined by the card issuer',
};

export function PaymentSummary({ payment }: { payment: Payment | null }) {
  return (
    <section className="order-section" aria-labelledby="payment-heading">
      <h2 id="payment-heading">Payment</h2>
      {payment ? (
        <>
          <p data-testid="payment-status" data-status={payment.status}>
            {PAYMENT_STATUS_TEXT[payment.status] ?? payment.status}
          </p>
          <dl className="order-meta">
            <dt>Authorized</dt>
            <dd>{formatMoney(payment.amountAuthorized)}</dd>
            <dt>Charged</dt>
            <dd>{formatMoney(payment.amountCaptured)}</dd>
            {payment.amountRefunded.amount > 0 && (
              <>
                <dt>Refunded</dt>
                <dd>{formatMoney(payment.amountRefunded)}</dd>
              </>
            )}
          </dl>
        </>
      ) : (
        <p className="muted" data-testid="payment-status">
          No payment yet: it is taken at checkout.
        </p>
      )}
    </section>
  );
}
