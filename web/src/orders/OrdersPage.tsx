import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../shared/ErrorMessage';
import { OrderStatusFilter } from './OrderStatusFilter';
import { OrdersTable } from './OrdersTable';

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

/** The API decides whose orders these are: a customer's own, or all of the shop's for staff. */
export function OrdersPage() {
  const ownOnly = useSession()?.role === 'CUSTOMER';
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const { data, error, loading, networkStatus, fetchMore } = useQuery(OrdersQuery, {
    variables: { first: PAGE_SIZE, status },
    // Orders change from other places all the time: show the cache at once, then refresh it.
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.orders;
  const orders = connection?.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">{ownOnly ? 'Your orders' : 'All orders'}</h1>
      <OrderStatusFilter status={status} onChange={setStatus} />
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading orders…</p>}
      {connection && (orders.length === 0 ? <p className="muted">{ownOnly ? 'You have no orders yet.' : 'No orders yet.'}</p> : <OrdersTable orders={orders} />)}
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
