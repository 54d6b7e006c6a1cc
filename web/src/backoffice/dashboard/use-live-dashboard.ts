import { useQuery, useSubscription } from '@apollo/client/react';
import { DashboardChangedSubscription, DashboardQuery } from './dashboard-operations';

/**
 * The windows slide with the clock even when nothing happens: read the figures again each minute
 * (the buckets are minutes, so sooner would show the same).
 */
const SLIDE_MS = 60_000;

/**
 * The shop's dashboard, kept live: the server pushes the whole dashboard after every change of its
 * figures or stock, and each push replaces the cached query result, so the screen re-renders
 * without asking again.
 */
export function useLiveDashboard() {
  const query = useQuery(DashboardQuery, { fetchPolicy: 'cache-and-network', pollInterval: SLIDE_MS });
  const pushes = useSubscription(DashboardChangedSubscription, {
    onData: ({ client, data }) => {
      const dashboard = data.data?.dashboardChanged;
      if (dashboard) client.cache.writeQuery({ query: DashboardQuery, data: { dashboard } });
    },
  });
  return { dashboard: query.data?.dashboard, loading: query.loading, error: query.error ?? pushes.error };
}
