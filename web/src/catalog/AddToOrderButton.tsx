import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { navigate } from '../app/router';
import { paths } from '../app/routes';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shared/ErrorMessage';

const AddOrderItemMutation = graphql(`
  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {
    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {
      ...OrderFields
    }
  }
`);

/**
 * Adds one of the variant to the current draft order; disabled while a signed-in shopper has
 * none. A visitor is asked to sign in first.
 */
export function AddToOrderButton({ orderId, variantId, itemName }: { orderId: string | null; variantId: string; itemName: string }) {
  const signedIn = useSession() !== null;
  const [addItem, { loading, error, reset }] = useMutation(AddOrderItemMutation);

  function add() {
    if (!signedIn) {
      navigate(paths.signIn({ next: paths.catalog(), notice: 'order' }));
      return;
    }
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
        disabled={(signedIn && !orderId) || loading}
        aria-label={`Add ${itemName} to order`}
        title={!signedIn ? 'Sign in to order' : orderId ? undefined : 'Start an order first'}
      >
        {loading ? 'Adding…' : 'Add to order'}
      </button>
      {error && <ErrorMessage error={error} onDismiss={reset} />}
    </>
  );
}
