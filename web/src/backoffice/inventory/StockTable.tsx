import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { StockLevelsQuery } from './inventory-operations';
import { StockRow } from './StockRow';
import { appendPage, LoadMoreButton } from '../LoadMoreButton';

const PAGE_SIZE = 50;

/** Every SKU with stock booked, by SKU; each row follows its SKU live. */
export function StockTable({
  lowStockAt,
  onLowStockAtChange,
  selectedSku,
  onSelect,
}: {
  lowStockAt: number;
  onLowStockAtChange: (value: number) => void;
  selectedSku: string | null;
  onSelect: (sku: string) => void;
}) {
  const [search, setSearch] = useState('');
  const { data, previousData, error, loading, networkStatus, fetchMore } = useQuery(StockLevelsQuery, {
    variables: { first: PAGE_SIZE, search: search.trim() || null },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  // While a changed filter loads, the last list stays up instead of blinking away.
  const connection = (data ?? previousData)?.stockLevels;

  return (
    <section aria-labelledby="stock-heading" className="bo-panel">
      <h2 id="stock-heading">Stock levels</h2>
      <div className="bo-toolbar bo-form">
        <label>
          Find SKU
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="e.g. POSTER" />
        </label>
        <label>
          Low stock at or below
          <input
            type="number"
            min={0}
            value={lowStockAt}
            onChange={(event) => onLowStockAtChange(Math.max(0, Number(event.target.value) || 0))}
            aria-describedby="low-stock-note"
          />
        </label>
        <p id="low-stock-note" className="muted">
          Rows with {lowStockAt} or fewer units available (on hand minus reserved) are marked <span className="low-stock-tag">Low</span>.
        </p>
      </div>
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading stock…</p>}
      {connection && connection.edges.length === 0 && <p className="muted">{search ? `No SKU matches “${search}”.` : 'No stock has been received yet.'}</p>}
      {connection && connection.edges.length > 0 && (
        <div className="bo-table-wrap">
          <table className="bo-table stock-table" aria-label="Stock levels">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" className="numeric">
                  On hand
                </th>
                <th scope="col" className="numeric">
                  Reserved
                </th>
                <th scope="col" className="numeric">
                  Available
                </th>
                <th scope="col">Per warehouse (available / on hand)</th>
                <th scope="col">
                  <span className="bo-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <StockRow key={node.sku} level={node} lowStockAt={lowStockAt} selected={node.sku === selectedSku} onSelect={() => onSelect(node.sku)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton page={connection} loading={networkStatus === NetworkStatus.fetchMore} onMore={(after) => fetchMore({ variables: { after }, updateQuery: appendPage('stockLevels') })}>
        Load more SKUs
      </LoadMoreButton>
    </section>
  );
}
