import { useEffect, useRef } from 'react';
import { useApolloClient, useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { OrderSummary } from './OrdersTable';

export const OrdersChangedSubscription = graphql(`
  subscription OrdersChanged {
    ordersChanged {
      ...OrderSummary
    }
  }
`);

/** Pushes in a burst (a checkout is several changes) make one refetch of the list. */
const REFETCH_DELAY_MS = 150;

/**
 * Keeps the orders list live with `ordersChanged` (a customer's own orders, or all of the shop's
 * for staff). A push of an order already shown updates it in the normalized cache by itself; one
 * the list does not show yet (a new order), or that has left the status filtered on, changes
 * which orders belong in the list, so the list is read again.
 */
export function useLiveOrders({ shownIds, status, refetch }: { shownIds: readonly string[]; status: OrderStatus | null; refetch: () => void }) {
  const latest = useRef({ shownIds, status, refetch });
  latest.current = { shownIds, status, refetch };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const client = useApolloClient();
  const { error } = useSubscription(OrdersChangedSubscription, {
    // The push as it came: a field without arguments keeps one cache entry for every push, and
    // reading it back handed out an earlier order. The order itself goes into the cache below.
    fetchPolicy: 'no-cache',
    onData: ({ data }) => {
      const order = data.data?.ordersChanged;
      if (!order) return;
      // Every view of this order (its row, an open order panel) follows; older versions are ignored (apollo-cache.ts).
      client.cache.writeFragment({ fragment: OrderSummary, data: order });
      const { shownIds, status } = latest.current;
      const shown = shownIds.includes(order.id);
      const belongs = status === null || order.status === status;
      if (shown === belongs) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => latest.current.refetch(), REFETCH_DELAY_MS);
    },
  });
  return { error };
}
