import { useMemo, useState } from 'react';
import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import type { BoardOrderRowFragment } from '../../gql/graphql';
import { BoardOrdersChanged, BoardOrdersQuery } from './board-operations';
import { matchesFilters, queryVariables, type BoardFilters } from './board-filters';

const PAGE_SIZE = 50;

type Row = BoardOrderRowFragment;

/** The newer of two views of one order (pushes and answers arrive in no guaranteed order). */
const newer = (a: Row | undefined, b: Row): Row => (a && a.version > b.version ? a : b);

/**
 * The board's rows: the pages read for the filters, with every pushed change laid over them. A
 * pushed order that matches the filters is shown (new orders appear at the top), one that no
 * longer matches leaves, and an older answer never hides a newer push.
 *
 * The list is read without Apollo's cache: the cache keeps one `orders` list per status only,
 * while the board's lists differ by customer and dates too.
 */
export function useBoardOrders(filters: BoardFilters) {
  const client = useApolloClient();
  const variables = useMemo(() => ({ first: PAGE_SIZE, ...queryVariables(filters) }), [filters]);
  const { data, error, loading } = useQuery(BoardOrdersQuery, { variables, fetchPolicy: 'no-cache' });
  const [older, setOlder] = useState<{ rows: Row[]; endCursor: string | null; hasNextPage: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [pushed, setPushed] = useState<ReadonlyMap<string, Row>>(new Map());

  const subscription = useSubscription(BoardOrdersChanged, {
    onData: ({ data: push }) => {
      const row = push.data?.ordersChanged;
      if (row) setPushed((before) => new Map(before).set(row.id, newer(before.get(row.id), row)));
    },
  });

  const rows = useMemo(() => {
    const byId = new Map<string, Row>();
    for (const row of [...(data?.orders.edges.map((edge) => edge.node) ?? []), ...(older?.rows ?? [])]) byId.set(row.id, newer(byId.get(row.id), row));
    // Rows read for these filters and rows pushed since are the candidates; the filters decide which stay.
    for (const row of pushed.values()) byId.set(row.id, newer(byId.get(row.id), row));
    return [...byId.values()].filter((row) => matchesFilters(row, filters)).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }, [data, older, pushed, filters]);

  const pageInfo = older ?? (data ? { endCursor: data.orders.pageInfo.endCursor ?? null, hasNextPage: data.orders.pageInfo.hasNextPage } : null);

  async function loadMore() {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const result = await client.query({ query: BoardOrdersQuery, variables: { ...variables, after: pageInfo.endCursor }, fetchPolicy: 'no-cache' });
      const page = result.data!.orders;
      setOlder((before) => ({ rows: [...(before?.rows ?? []), ...page.edges.map((edge) => edge.node)], endCursor: page.pageInfo.endCursor ?? null, hasNextPage: page.pageInfo.hasNextPage }));
    } catch (failure) {
      setMoreError(failure);
    } finally {
      setLoadingMore(false);
    }
  }

  return {
    rows,
    loaded: Boolean(data),
    loading,
    error: error ?? moreError ?? subscription.error ?? null,
    hasMore: pageInfo?.hasNextPage ?? false,
    loadingMore,
    loadMore,
  };
}
