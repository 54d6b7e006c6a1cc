import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import type { ProductStatus } from '../../gql/graphql';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatMoney } from '../../shared/format-money';
import { CatalogProductsQuery } from './catalog-operations';
import { ProductStatusBadge } from './ProductStatusBadge';
import { appendPage, LoadMoreButton } from '../LoadMoreButton';

const PAGE_SIZE = 25;
const STATUSES: ProductStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED'];

function priceRange(variants: { price: { amount: number; currency: string } }[]): string {
  if (variants.length === 0) return '—';
  const sorted = [...variants].sort((a, b) => a.price.amount - b.price.amount);
  const low = formatMoney(sorted[0]!.price);
  const high = formatMoney(sorted[sorted.length - 1]!.price);
  return low === high ? low : `${low} – ${high}`;
}

/** Every product of the shop, newest first, by status and search. */
export function ProductTable({ selectedId, onSelect }: { selectedId: string | null; onSelect: (id: string) => void }) {
  const [status, setStatus] = useState<ProductStatus | ''>('');
  const [search, setSearch] = useState('');
  const { data, previousData, error, loading, networkStatus, fetchMore } = useQuery(CatalogProductsQuery, {
    variables: { first: PAGE_SIZE, status: status || null, search: search.trim() || null },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  // While a changed filter loads, the last list stays up instead of blinking away.
  const connection = (data ?? previousData)?.catalogProducts;

  return (
    <section aria-labelledby="products-heading" className="bo-panel">
      <h2 id="products-heading">Products</h2>
      <div className="bo-toolbar bo-form">
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value as ProductStatus | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Find
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Name or SKU" />
        </label>
      </div>
      {error && <ErrorMessage error={error} />}
      {loading && !connection && <p aria-busy="true">Loading products…</p>}
      {connection && connection.edges.length === 0 && <p className="muted">No products{status || search ? ' match' : ' yet'}.</p>}
      {connection && connection.edges.length > 0 && (
        <div className="bo-table-wrap">
          <table className="bo-table" aria-label="Products">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Variants
                </th>
                <th scope="col">Price</th>
                <th scope="col">Brand</th>
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <tr key={node.id} data-product={node.name} className={node.id === selectedId ? 'selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={() => onSelect(node.id)} aria-label={`Edit ${node.name}`}>
                      {node.name}
                    </button>
                  </th>
                  <td>
                    <ProductStatusBadge status={node.status} />
                  </td>
                  <td className="numeric">{node.variants.length}</td>
                  <td>{priceRange(node.variants)}</td>
                  <td>{node.brand?.name ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMoreButton page={connection} loading={networkStatus === NetworkStatus.fetchMore} onMore={(after) => fetchMore({ variables: { after }, updateQuery: appendPage('catalogProducts') })}>
        Load more products
      </LoadMoreButton>
    </section>
  );
}
