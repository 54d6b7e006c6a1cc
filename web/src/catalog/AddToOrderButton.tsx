import { useState } from 'react';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import { currentPath, navigate } from '../app/router';
import { paths } from '../app/routes';
import { useSession } from '../auth/session';
import { startOrder } from '../orders/start-order';
import { ErrorMessage } from '../shared/ErrorMessage';

const AddOrderItemMutation = graphql(`
  mutation AddOrderItem($orderId: ID!, $variantId: ID!, $quantity: Int!) {
    addOrderItem(orderId: $orderId, variantId: $variantId, quantity: $quantity) {
      ...OrderFields
    }
  }
`);

/**
 * Adds one of the variant to the current draft order, starting one first when there is none (or
 * the current one is past its draft). A visitor is asked to sign in first; a variant out of stock
 * cannot be added.
 */
export function AddToOrderButton({ orderId, variantId, itemName, soldOut }: { orderId: string | null; variantId: string; itemName: string; soldOut: boolean }) {
  const signedIn = useSession() !== null;
  const client = useApolloClient();
  const [addItem, { loading, error, reset }] = useMutation(AddOrderItemMutation);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);

  async function add() {
    if (!signedIn) {
      navigate(paths.signIn({ next: currentPath(), notice: 'order' }));
      return;
    }
    reset();
    setStartError(null);
    let target = orderId;
    if (!target) {
      setStarting(true);
      try {
        target = await startOrder(client);
      } catch (failure) {
        setStartError(failure);
        return;
      } finally {
        setStarting(false);
      }
    }
    // Failures are rendered from the mutation's error state.
    addItem({ variables: { orderId: target, variantId, quantity: 1 } }).catch(() => {});
  }

  const busy = loading || starting;
  return (
    <>
      <button
        type="button"
        className="button add-to-order"
        onClick={add}
        disabled={soldOut || busy}
        aria-label={`Add ${itemName} to order`}
        title={soldOut ? 'Out of stock' : !signedIn ? 'Sign in to order' : undefined}
      >
        {starting ? 'Starting order…' : loading ? 'Adding…' : 'Add to order'}
      </button>
      {(error ?? startError) ? (
        <ErrorMessage
          error={error ?? startError}
          onDismiss={() => {
            reset();
            setStartError(null);
          }}
        />
      ) : null}
    </>
  );
}
