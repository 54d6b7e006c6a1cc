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
 */
export function useLiveOrder(orderId: string) {
  const { data, error } = useSubscription(OrderUpdatedSubscription, { variables: { orderId } });
  return { lastPushedVersion: data?.orderUpdated.version ?? null, error };
}
