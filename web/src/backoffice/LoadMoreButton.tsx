import type { ReactNode } from 'react';

interface Page {
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Apollo `updateQuery` for "load more": the next page's rows appended to the list under `field`,
 * its page info (where the list goes on from) taking the old one's place.
 */
export const appendPage =
  <Field extends string>(field: Field) =>
  <Data extends Record<Field, Page>>(previous: Data, { fetchMoreResult }: { fetchMoreResult: Data }): Data => ({
    ...previous,
    [field]: { ...fetchMoreResult[field], edges: [...previous[field].edges, ...fetchMoreResult[field].edges] },
  });

/** The button under a paged back-office list: hidden on the last page, disabled while the next one loads. */
export function LoadMoreButton({ page, loading, onMore, children }: { page: Page | null | undefined; loading: boolean; onMore: (after: string | null | undefined) => Promise<unknown>; children: ReactNode }) {
  if (!page?.pageInfo.hasNextPage) return null;
  const after = page.pageInfo.endCursor;
  return (
    <button type="button" className="button" disabled={loading} onClick={() => void onMore(after).catch(() => {})}>
      {children}
    </button>
  );
}
