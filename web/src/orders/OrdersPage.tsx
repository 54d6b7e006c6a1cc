import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { useLiveConnection } from '../app/live-connection';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shared/ErrorMessage';
import { OrderStatusFilter } from './OrderStatusFilter';
import { OrdersTable } from './OrdersTable';
import { useLiveOrders } from './use-live-orders';

const OrdersQuery = graphql(`
  query RecentOrders($first: Int!, $after: String, $status: OrderStatus) {
    orders(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          ...OrderSummary
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const PAGE_SIZE = 20;
/** The most the API answers at once. */
const MAX_ORDERS = 100;

/** The API decides whose orders these are: a customer's own, or all of the shop's for staff. */
export function OrdersPage() {
  const ownOnly = useSession()?.role === 'CUSTOMER';
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const { data, error, loading, networkStatus, fetchMore, refetch } = useQuery(OrdersQuery, {
    variables: { first: PAGE_SIZE, status },
    // Orders change from other places all the time: show the cache at once, then refresh it.
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.orders;
  const orders = connection?.edges.map((edge) => edge.node) ?? [];
  const live = useLiveOrders({
    shownIds: orders.map((order) => order.id),
    status,
    // As many as are shown (pages loaded with "Load more" included), newest first, so a new order tops the list.
    refetch: () => void refetch({ first: Math.min(Math.max(PAGE_SIZE, orders.length + 1), MAX_ORDERS) }).catch(() => {}),
  });
  // Nothing is pushed while the socket is down; the list is read again once it is back (apollo-client.ts).
  const reconnecting = useLiveConnection() === 'reconnecting';

  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">{ownOnly ? 'Your orders' : 'All orders'}</h1>
      <OrderStatusFilter status={status} onChange={setStatus} />
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading orders…</p>}
      {connection && (orders.length === 0 ? <p className="muted">{ownOnly ? 'You have no orders yet.' : 'No orders yet.'}</p> : <OrdersTable orders={orders} />)}
      <p className="live-note" aria-live="polite">
        {live.error
          ? 'Live updates are unavailable; reload to see new orders.'
          : reconnecting
            ? 'Reconnecting…'
            : 'Live: new orders and changes appear by themselves.'}
      </p>
      {connection?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={networkStatus === NetworkStatus.fetchMore}
          onClick={() => fetchMore({ variables: { after: connection.pageInfo.endCursor } }).catch(() => {})}
        >
          {networkStatus === NetworkStatus.fetchMore ? 'Loading…' : 'Load more orders'}
        </button>
      )}
    </section>
  );
}
