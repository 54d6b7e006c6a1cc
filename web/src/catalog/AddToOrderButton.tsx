import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { ErrorMessage } from '../shared/ErrorMessage';

const AddOrderItemMutation = graphql(`
  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {
    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {
      ...OrderFields
    }
  }
`);

/** Adds one of the variant to the current draft order; disabled while there is none. */
export function AddToOrderButton({ orderId, variantId, itemName }: { orderId: string | null; variantId: string; itemName: string }) {
  const [addItem, { loading, error, reset }] = useMutation(AddOrderItemMutation);

  function add() {
    if (!orderId) return;
    reset();
    // Failures are rendered from the mutation's error state.
    addItem({ variables: { orderId, variantId, quantity: 1 } }).catch(() => {});
  }

  return (
    <>
      <button
        type="button"
        className="button"
        onClick={add}
        disabled={!orderId || loading}
        aria-label={`Add ${itemName} to order`}
        title={orderId ? undefined : 'Start an order first'}
      >
        {loading ? 'Adding…' : 'Add to order'}
      </button>
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </>
  );
}
