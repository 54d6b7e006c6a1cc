import { useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';

export const OrderUpdatedSubscription = graphql(`
  subscription OrderUpdated($orderId: ID!) {
    orderUpdated(orderId: $orderId) {
      ...OrderFields
    }
  }
`);

/**
 * Keeps the cached order in step with changes made anywhere (another tab, another client).
 * Apollo writes each push into the normalized cache, so every view of the order re-renders.
 * `skip`: for an order known not to exist, which has nothing to follow.
 */
export function useLiveOrder(orderId: string, { skip = false }: { skip?: boolean } = {}) {
  const { data, error } = useSubscription(OrderUpdatedSubscription, { variables: { orderId }, skip });
  return { lastPushedVersion: data?.orderUpdated.version ?? null, error };
}
