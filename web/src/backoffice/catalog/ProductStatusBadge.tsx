import type { ProductStatus } from '../../gql/graphql';

const LABELS: Record<ProductStatus, string> = { DRAFT: 'Draft', PUBLISHED: 'Published', ARCHIVED: 'Archived' };

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  return (
    <span className={`product-status product-status-${status.toLowerCase()}`} data-status={status}>
      {LABELS[status]}
    </span>
  );
}
