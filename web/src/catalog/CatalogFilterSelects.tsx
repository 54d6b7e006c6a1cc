import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';
import type { CatalogFilters } from './catalog-filters';
import './catalog-filters.css';

const CatalogFilterOptionsQuery = graphql(`
  query CatalogFilterOptions {
    brands {
      id
      name
    }
    categories {
      id
      name
      parentId
    }
  }
`);

interface CategoryOption {
  id: string;
  name: string;
  parentId?: string | null;
}

/** Categories in tree order: each parent followed by its children, indented, names sorted on each level. */
function treeOrder(categories: readonly CategoryOption[]): { id: string; label: string; depth: number }[] {
  const children = new Map<string | null, CategoryOption[]>();
  const known = new Set(categories.map((c) => c.id));
  for (const category of categories) {
    const parent = category.parentId && known.has(category.parentId) ? category.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const ordered: { id: string; label: string; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const category of children.get(parent) ?? []) {
      // Options hold text only: non-breaking spaces indent a sub-category.
      ordered.push({ id: category.id, label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${category.name}`, depth });
      visit(category.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/**
 * The brand and category selects of the catalog's search form. A choice applies at once: `onChange`
 * gets the new filters (the caller puts them in the URL).
 */
export function CatalogFilterSelects({ filters, onChange }: { filters: CatalogFilters; onChange: (filters: CatalogFilters) => void }) {
  // The options change rarely; the cached ones are fine, refreshed in the background.
  const { data } = useQuery(CatalogFilterOptionsQuery, { fetchPolicy: 'cache-and-network' });
  const brands = data?.brands ?? [];
  const categories = treeOrder(data?.categories ?? []);
  // Until the options arrive, a filter from the URL still shows as chosen (and the list is filtered by it).
  const pending = (id: string | null, options: { id: string }[]) => id !== null && !options.some((o) => o.id === id);

  return (
    <div className="catalog-filters">
      <label className="catalog-filter">
        <span>Brand</span>
        <select value={filters.brand ?? ''} onChange={(event) => onChange({ ...filters, brand: event.target.value || null })}>
          <option value="">All brands</option>
          {pending(filters.brand, brands) && <option value={filters.brand!}>{data ? 'Unknown brand' : 'Loading…'}</option>}
          {brands.map((brand) => (
            <option key={brand.id} value={brand.id}>
              {brand.name}
            </option>
          ))}
        </select>
      </label>
      <label className="catalog-filter">
        <span>Category</span>
        <select value={filters.category ?? ''} onChange={(event) => onChange({ ...filters, category: event.target.value || null })}>
          <option value="">All categories</option>
          {pending(filters.category, categories) && <option value={filters.category!}>{data ? 'Unknown category' : 'Loading…'}</option>}
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
