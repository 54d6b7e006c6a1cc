import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { ErrorMessage } from '../shared/ErrorMessage';

const CancelOrderMutation = graphql(`
  mutation CancelOrder($orderId: ID!, $reason: String!) {
    cancelOrder(orderId: $orderId, reason: $reason) {
      ...OrderFields
    }
  }
`);

/**
 * The states the API cancels in (a running checkout is cancelled when it stops). Anything
 * shipped is refused; the refusal, should the order ship while the page is open, is shown as the
 * API words it.
 */
export const CANCELLABLE: readonly OrderStatus[] = ['DRAFT', 'CHECKOUT_PENDING', 'PLACED'];

const CUSTOMER_REASON = 'Cancelled by the customer in the storefront';

/** Asks once more before cancelling: it cannot be undone. */
export function CancelOrderButton({ orderId, status }: { orderId: string; status: OrderStatus }) {
  const [confirming, setConfirming] = useState(false);
  const [cancelOrder, { loading, error, reset }] = useMutation(CancelOrderMutation);
  if (!CANCELLABLE.includes(status) && !error) return null;

  async function cancel() {
    reset();
    try {
      await cancelOrder({ variables: { orderId, reason: CUSTOMER_REASON } });
      setConfirming(false);
    } catch {
      setConfirming(false); // the refusal is shown from the mutation's error state
    }
  }

  return (
    <div className="cancel-order">
      {confirming ? (
        <div role="group" aria-label="Confirm cancellation" className="button-row">
          <span>Cancel this order? This cannot be undone.</span>
          <button type="button" className="button danger" onClick={cancel} disabled={loading}>
            {loading ? 'Cancelling…' : 'Yes, cancel the order'}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} disabled={loading}>
            Keep the order
          </button>
        </div>
      ) : (
        CANCELLABLE.includes(status) && (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Cancel order
          </button>
        )
      )}
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </div>
  );
}
