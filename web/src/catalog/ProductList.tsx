import { useState } from 'react';
import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import { navigate } from '../app/router';
import { ErrorMessage } from '../shared/ErrorMessage';
import { catalogUrl, MAX_PAGES, PAGE_SIZE } from './catalog-url';
import { filterVariables, withCatalogFilters, type CatalogFilters } from './catalog-filters';
import { ProductCard } from './ProductCard';

const CatalogProductsQuery = graphql(`
  query CatalogProducts($search: String, $brandIds: [ID!], $categoryIds: [ID!], $first: Int!, $after: String) {
    products(search: $search, brandIds: $brandIds, categoryIds: $categoryIds, first: $first, after: $after) {
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

/**
 * Published products matching `search`, `pages` pages of them; "Load more" adds a page and
 * counts it in the URL. `orderId` is the draft items go into (null: the first "Add" starts one).
 */
export function ProductList({ search, filters, pages, orderId }: { search: string; filters: CatalogFilters; pages: number; orderId: string | null }) {
  // The pages the URL asks for are fetched at once; more pages are appended after that. Fixed at
  // mount: a new search remounts the list.
  const [first] = useState(PAGE_SIZE * pages);
  const { data, error, loading, networkStatus, fetchMore } = useQuery(CatalogProductsQuery, {
    variables: { search: search || null, ...filterVariables(filters), first },
    // Stock changes all the time: show what is cached at once, then refresh it.
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.products;
  const loadingMore = networkStatus === NetworkStatus.fetchMore;
  const shownPages = connection ? Math.max(1, Math.ceil(connection.edges.length / PAGE_SIZE)) : pages;

  async function loadMore(after: string | null | undefined) {
    try {
      await fetchMore({ variables: { after, first: PAGE_SIZE } });
      // Replaced, not pushed: "back" leaves the catalog rather than stepping through its pages.
      navigate(withCatalogFilters(catalogUrl({ search, pages: Math.min(shownPages + 1, MAX_PAGES) }), filters), { replace: true });
    } catch {
      // shown from the query's error state
    }
  }

  if (error && !connection) return <ErrorMessage error={error} />;
  if (loading && !connection) return <p aria-busy="true">Loading products…</p>;
  if (!connection) return null;
  if (connection.edges.length === 0) {
    const filtered = filters.brand !== null || filters.category !== null;
    return <p className="muted">{search ? `No products match “${search}”${filtered ? ' with the chosen filters' : ''}.` : filtered ? 'No products match the chosen filters.' : 'No products are published yet.'}</p>;
  }

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
        <button type="button" className="button" disabled={loadingMore} onClick={() => loadMore(connection.pageInfo.endCursor)}>
          {loadingMore ? 'Loading…' : 'Load more products'}
        </button>
      )}
    </>
  );
}
