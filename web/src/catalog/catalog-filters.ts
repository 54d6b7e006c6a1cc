import { useSearchParam } from '../app/router';

export interface CatalogFilters {
  /** A brand id, or null for every brand. */
  brand: string | null;
  /** A category id (its sub-categories included), or null for every category. */
  category: string | null;
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A hand-edited or truncated link names no brand: the whole catalog beats an error.
const idOrNull = (value: string | null) => (value && ID.test(value) ? value : null);

/** The catalog's brand and category filters, in the URL beside the search (`/?q=mug&brand=…&category=…`). */
export function useCatalogFilters(): CatalogFilters {
  const brand = idOrNull(useSearchParam('brand'));
  const category = idOrNull(useSearchParam('category'));
  return { brand, category };
}

/** `url` (a catalog URL without filters, see catalog-url.ts) with the filters added. */
export function withCatalogFilters(url: string, { brand, category }: CatalogFilters): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  if (brand) params.set('brand', brand);
  if (category) params.set('category', category);
  const search = params.toString();
  return search ? `${path}?${search}` : path!;
}

/** The products query's filter variables. */
export const filterVariables = ({ brand, category }: CatalogFilters) => ({ brandIds: brand ? [brand] : null, categoryIds: category ? [category] : null });

/** Changes when a filter does: a key that remounts the product list for a new filter. */
export const filtersKey = ({ brand, category }: CatalogFilters) => `${brand ?? ''}/${category ?? ''}`;
