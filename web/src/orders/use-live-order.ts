import { useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';

export const OrderUpdatedSubscription = graphql(`
  subscription OrderUpdated($orderId: ID!, $after: Int) {
    orderUpdated(orderId: $orderId, after: $after) {
      ...OrderFields
      position
    }
  }
`);

/**
 * Keeps the cached order in step with changes made anywhere (another tab, another client).
 * Apollo writes each push into the normalized cache, so every view of the order re-renders.
 * After a lost socket, the subscription resumes after the last push's `position`
 * (resume-subscriptions.ts), so a change made meanwhile is pushed too.
 * `skip`: for an order known not to exist, which has nothing to follow.
 */
export function useLiveOrder(orderId: string, { skip = false }: { skip?: boolean } = {}) {
  const { data, error } = useSubscription(OrderUpdatedSubscription, { variables: { orderId }, skip });
  return { lastPushedVersion: data?.orderUpdated.version ?? null, error };
}
