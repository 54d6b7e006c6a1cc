import { skipToken, useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

export const OrderQuery = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...OrderFields
    }
  }
`);

/** One order from the cache (kept fresh by mutations and by `useLiveOrder`). */
export function useOrder(orderId: string | null) {
  const result = useQuery(OrderQuery, orderId ? { variables: { id: orderId } } : skipToken);
  return { order: result.data?.order ?? null, loading: result.loading, error: result.error };
}
