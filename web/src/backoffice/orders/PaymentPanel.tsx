import { useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { formatMoney } from '../../shared/format-money';
import { ConfirmAction, InputError } from './ConfirmAction';
import { ConsoleCapturePayment, ConsoleRefundPayment, ConsoleVoidPayment } from './console-operations';
import { allowedActions } from './console-state';
import { parseAmount, toDecimalText } from './money-input';

type Order = ConsoleOrderFieldsFragment;
type Payment = NonNullable<Order['payment']>;

const STATUS_LABELS: Record<Payment['status'], string> = {
  PENDING: 'Pending',
  AUTHORIZED: 'Authorized',
  PARTIALLY_CAPTURED: 'Partially captured',
  CAPTURED: 'Captured',
  PARTIALLY_REFUNDED: 'Partially refunded',
  REFUNDED: 'Refunded',
  VOIDED: 'Voided',
  DECLINED: 'Declined',
};

function amountOf(text: string, currency: string) {
  const amount = parseAmount(text, currency);
  if (amount === null) throw new InputError(`"${text}" is not an amount in ${currency}.`);
  return { amount, currency };
}

export function PaymentPanel({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const client = useApolloClient();
  const payment = order.payment;
  const [captureText, setCaptureText] = useState('');
  const [refundText, setRefundText] = useState('');
  const [refundReason, setRefundReason] = useState('');

  if (!payment) {
    return (
      <section className="console-card" aria-labelledby="console-payment">
        <h2 id="console-payment">Payment</h2>
        <p className="muted">No payment yet: the order has not reached the payment gateway.</p>
      </section>
    );
  }
  const currency = payment.amount.currency;
  const allowed = allowedActions(order);
  const act = async (run: () => Promise<unknown>) => {
    await run();
    onChanged();
  };

  return (
    <section className="console-card" aria-labelledby="console-payment">
      <h2 id="console-payment">Payment</h2>
      <dl className="console-facts" data-testid="payment-facts">
        <dt>Status</dt>
        <dd data-testid="payment-status">{STATUS_LABELS[payment.status]}</dd>
        <dt>Authorized</dt>
        <dd>{formatMoney(payment.amountAuthorized)}</dd>
        <dt>Captured</dt>
        <dd data-testid="payment-captured">{formatMoney(payment.amountCaptured)}</dd>
        <dt>Refunded</dt>
        <dd data-testid="payment-refunded">{formatMoney(payment.amountRefunded)}</dd>
        {payment.declineCode ? (
          <>
            <dt>Declined</dt>
            <dd>{payment.declineCode}</dd>
          </>
        ) : null}
      </dl>
      <div className="console-actions">
        {allowed.capture && (
          <ConfirmAction
            label="Capture payment"
            confirmLabel="Confirm capture"
            question={`Capture this amount of the ${formatMoney({ amount: allowed.uncaptured, currency })} still uncaptured?`}
            onOpen={() => setCaptureText(toDecimalText({ amount: allowed.uncaptured, currency }))}
            run={() => act(() => client.mutate({ mutation: ConsoleCapturePayment, variables: { paymentId: payment.id, amount: amountOf(captureText, currency) } }))}
          >
            <label className="console-input">
              <span>Amount to capture ({currency})</span>
              <input inputMode="decimal" value={captureText} onChange={(event) => setCaptureText(event.target.value)} />
            </label>
          </ConfirmAction>
        )}
        {allowed.refund && (
          <ConfirmAction
            label="Refund payment"
            confirmLabel="Confirm refund"
            danger
            question={`Refund this amount to the customer? ${formatMoney({ amount: allowed.refundable, currency })} is captured and not yet refunded.`}
            onOpen={() => setRefundText(toDecimalText({ amount: allowed.refundable, currency }))}
            run={() => act(() => client.mutate({ mutation: ConsoleRefundPayment, variables: { paymentId: payment.id, amount: amountOf(refundText, currency), reason: refundReason.trim() || 'Refunded by staff' } }))}
          >
            <label className="console-input">
              <span>Amount to refund ({currency})</span>
              <input inputMode="decimal" value={refundText} onChange={(event) => setRefundText(event.target.value)} />
            </label>
            <label className="console-input">
              <span>Reason</span>
              <input value={refundReason} placeholder="Refunded by staff" onChange={(event) => setRefundReason(event.target.value)} />
            </label>
          </ConfirmAction>
        )}
        {allowed.void && (
          <ConfirmAction
            label="Void payment"
            confirmLabel="Confirm void"
            danger
            question={`Release the authorization of ${formatMoney(payment.amountAuthorized)}? Nothing can be captured afterwards.`}
            run={() => act(() => client.mutate({ mutation: ConsoleVoidPayment, variables: { paymentId: payment.id } }))}
          />
        )}
      </div>
    </section>
  );
}
