import { useSearchParam } from '../app/router';

export const PAGE_SIZE = 12;
/** The API answers at most 100 products at once: a reload asks for all shown pages in one go. */
export const MAX_PAGES = Math.floor(100 / PAGE_SIZE);

/**
 * The catalog's search and how many pages are shown live in the URL (`/?q=mug&page=2`), so a
 * reload, a shared link or the back button brings the same list back.
 */
export function useCatalogUrl(): { search: string; pages: number } {
  const search = (useSearchParam('q') ?? '').trim();
  const page = Number.parseInt(useSearchParam('page') ?? '', 10);
  return { search, pages: Number.isInteger(page) ? Math.min(Math.max(page, 1), MAX_PAGES) : 1 };
}

export function catalogUrl({ search, pages = 1 }: { search: string; pages?: number }): string {
  const params = new URLSearchParams();
  if (search) params.set('q', search);
  if (pages > 1) params.set('page', String(pages));
  const query = params.toString();
  return query ? `/?${query}` : '/';
}
