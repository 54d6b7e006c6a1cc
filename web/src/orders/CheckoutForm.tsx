import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { ErrorMessage } from '../shared/ErrorMessage';

const CheckoutOrderMutation = graphql(`
  mutation CheckoutOrder($orderId: ID!, $token: String!, $idempotencyKey: String!) {
    checkoutOrder(orderId: $orderId, payment: { token: $token }, idempotencyKey: $idempotencyKey) {
      ...OrderFields
    }
  }
`);

/** The simulated gateway's test tokens (see the README): each picks an outcome. */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Visa – authorizes' },
  { token: 'tok_flaky', label: 'Flaky network – retried, then authorizes' },
  { token: 'tok_decline_insufficient_funds', label: 'Declined – insufficient funds' },
  { token: 'tok_decline_do_not_honor', label: 'Declined – do not honor' },
  { token: 'tok_decline_expired_card', label: 'Declined – expired card' },
] as const;

/**
 * Starts the checkout of a draft order. The idempotency key belongs to one attempt: a double
 * click or a retry after a lost response sends the same key and starts one checkout, not two.
 */
export function CheckoutForm({ orderId, attempts }: { orderId: string; attempts: number }) {
  const [token, setToken] = useState<string>(TEST_CARDS[0].token);
  const [checkoutOrder, { loading, error, reset }] = useMutation(CheckoutOrderMutation);
  // A new key for each attempt the order has had: after a failed checkout the next try is new.
  const idempotencyKey = `${orderId}:${attempts + 1}`;

  return (
    <form
      className="checkout-form"
      onSubmit={(event) => {
        event.preventDefault();
        reset();
        // Failures are rendered from the mutation's error state.
        checkoutOrder({ variables: { orderId, token, idempotencyKey } }).catch(() => {});
      }}
    >
      <div className="field">
        <label htmlFor={`card-${orderId}`}>Test card</label>
        <select id={`card-${orderId}`} value={token} onChange={(event) => setToken(event.target.value)} disabled={loading}>
          {TEST_CARDS.map((card) => (
            <option key={card.token} value={card.token}>
              {card.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button primary" disabled={loading}>
        {loading ? 'Checking out…' : 'Check out'}
      </button>
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </form>
  );
}
