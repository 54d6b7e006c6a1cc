import { useMemo, useState } from 'react';
import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import type { BoardOrderRowFragment } from '../../gql/graphql';
import { BoardOrdersChanged, BoardOrdersQuery } from './board-operations';
import { queryVariables, type BoardFilters } from './board-filters';
import { boardRows, newerRow } from './board-rows';

const PAGE_SIZE = 50;

type Row = BoardOrderRowFragment;

/**
 * The board's rows (see `boardRows`): the pages read for the filters and every change pushed since.
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
      if (row) setPushed((before) => new Map(before).set(row.id, newerRow(before.get(row.id), row)));
    },
  });

  const pageInfo = older ?? (data ? { endCursor: data.orders.pageInfo.endCursor ?? null, hasNextPage: data.orders.pageInfo.hasNextPage } : null);

  const rows = useMemo(
    () => boardRows([...(data?.orders.edges.map((edge) => edge.node) ?? []), ...(older?.rows ?? [])], pushed.values(), pageInfo?.hasNextPage ?? false, filters),
    [data, older, pushed, filters, pageInfo?.hasNextPage],
  );

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
