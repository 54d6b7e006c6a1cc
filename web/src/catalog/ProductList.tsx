import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import { ErrorMessage } from '../shared/ErrorMessage';
import { ProductCard } from './ProductCard';

const CatalogProductsQuery = graphql(`
  query CatalogProducts($search: String, $first: Int!, $after: String) {
    products(search: $search, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...CatalogProduct
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const PAGE_SIZE = 12;

/** Published products matching `search`, a page at a time. `orderId` is the draft items go into. */
export function ProductList({ search, orderId }: { search: string; orderId: string | null }) {
  const { data, error, loading, networkStatus, fetchMore } = useQuery(CatalogProductsQuery, {
    variables: { search: search || null, first: PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.products;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;

  if (error && !connection) return <ErrorMessage error={error} />;
  if (loading && !connection) return <p aria-busy="true">Loading products…</p>;
  if (!connection) return null;
  if (connection.edges.length === 0) return <p className="muted">{search ? `No products match “${search}”.` : 'No products are published yet.'}</p>;

  return (
    <>
      <ul className="product-list" aria-label="Products">
        {connection.edges.map(({ node }) => (
          <li key={node.id}>
            <ProductCard product={node} orderId={orderId} />
          </li>
        ))}
      </ul>
      {error && <ErrorMessage error={error} />}
      {connection.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button"
          disabled={loadingMore}
          onClick={() => fetchMore({ variables: { after: connection.pageInfo.endCursor } }).catch(() => {})}
        >
          {loadingMore ? 'Loading…' : 'Load more products'}
        </button>
      )}
    </>
  );
}
