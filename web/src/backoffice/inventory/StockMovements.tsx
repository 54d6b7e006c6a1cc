import { NetworkStatus } from '@apollo/client';
import { useQuery, useSubscription } from '@apollo/client/react';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatDateTime } from '../../shared/format-date-time';
import { shortId } from '../../shared/short-id';
import { StockLevelChangedSubscription, StockMovementsQuery } from './inventory-operations';
import { appendPage, LoadMoreButton } from '../LoadMoreButton';

const PAGE_SIZE = 20;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A SKU's receipts, adjustments, reservations, releases and shipments, newest first; refreshed whenever its level changes. */
export function StockMovements({ sku, onClose }: { sku: string; onClose: () => void }) {
  const { data, error, loading, networkStatus, fetchMore, refetch } = useQuery(StockMovementsQuery, {
    variables: { sku, first: PAGE_SIZE },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  useSubscription(StockLevelChangedSubscription, { variables: { sku }, onData: () => void refetch().catch(() => {}) });
  const connection = data?.stockMovements;

  return (
    <section aria-labelledby="movements-heading" className="bo-panel">
      <h2 id="movements-heading">Movements of {sku}</h2>
      <button type="button" className="link-button" onClick={onClose}>
        Close
      </button>
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading movements…</p>}
      {connection && connection.edges.length === 0 && <p className="muted">Nothing has moved for {sku} yet.</p>}
      {connection && connection.edges.length > 0 && (
        <div className="bo-table-wrap">
          <table className="bo-table" aria-label={`Movements of ${sku}`}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Warehouse</th>
                <th scope="col" className="numeric">
                  On hand
                </th>
                <th scope="col" className="numeric">
                  Reserved
                </th>
                <th scope="col">Reason / order</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{formatDateTime(node.at)}</td>
                  <td>{node.type.toLowerCase()}</td>
                  <td>{node.warehouse.code}</td>
                  <td className="numeric">{node.onHandChange ? signed(node.onHandChange) : ''}</td>
                  <td className="numeric">{node.reservedChange ? signed(node.reservedChange) : ''}</td>
                  <td>
                    {node.reason ?? ''}
                    {node.orderId ? ` order ${shortId(node.orderId)}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton page={connection} loading={networkStatus === NetworkStatus.fetchMore} onMore={(after) => fetchMore({ variables: { after }, updateQuery: appendPage('stockMovements') })}>
        Older movements
      </LoadMoreButton>
    </section>
  );
}
