import { useMemo } from 'react';
import { navigate, useSearchParam } from '../../app/router';
import { usePageTitle } from '../../app/use-page-title';
import { paths } from '../../app/routes';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { BoardFiltersForm } from './BoardFiltersForm';
import { BoardTable } from './BoardTable';
import { LiveState } from './LiveState';
import { filtersFromSearch, hasFilters, searchOfFilters, type BoardFilters } from './board-filters';
import { useBoardOrders } from './use-board-orders';
import './backoffice-orders.css';

/** The board's filters live in the URL: the query string is their one source. */
function useBoardFilters(): [BoardFilters, string] {
  const values = { status: useSearchParam('status'), customer: useSearchParam('customer'), from: useSearchParam('from'), to: useSearchParam('to') };
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) search.set(name, value);
  const filters = useMemo(() => filtersFromSearch(search.toString()), [search.toString()]);
  return [filters, searchOfFilters(filters)];
}

/** All orders of the shop, newest first, live: new orders and status changes appear as they happen. */
export function OrdersBoardScreen() {
  usePageTitle('Orders board · Back office');
  const [filters, search] = useBoardFilters();
  return (
    <section className="orders-board" aria-labelledby="orders-board-heading">
      <h1 id="orders-board-heading">Orders board</h1>
      <BoardFiltersForm key={`filters${search}`} filters={filters} onChange={(next) => navigate(paths.backOffice.orders() + searchOfFilters(next), { replace: true })} />
      {/* A new list per filter set: its loaded pages and pushes start afresh. */}
      <BoardResults key={`results${search}`} filters={filters} />
    </section>
  );
}

function BoardResults({ filters }: { filters: BoardFilters }) {
  const board = useBoardOrders(filters);
  return (
    <>
      <p className="board-status muted" role="status">
        {board.loaded ? `${board.rows.length} ${board.rows.length === 1 ? 'order' : 'orders'}${board.hasMore ? ' shown' : ''}` : 'Loading orders…'}
        {' · '}
        <LiveState />
      </p>
      {board.error ? <ErrorMessage error={board.error} /> : null}
      {board.loaded && board.rows.length === 0 ? (
        <p className="muted">{hasFilters(filters) ? 'No orders match these filters.' : 'No orders yet.'}</p>
      ) : board.rows.length > 0 ? (
        <BoardTable rows={board.rows} />
      ) : null}
      {board.hasMore && (
        <button type="button" className="button" disabled={board.loadingMore} onClick={() => void board.loadMore()}>
          {board.loadingMore ? 'Loading…' : 'Load more orders'}
        </button>
      )}
    </>
  );
}
