import type { OrderStatus } from '../gql/graphql';

/** In lifecycle order, which is also the order the status filter lists them in. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  DRAFT: 'Draft',
  CHECKOUT_PENDING: 'Checkout pending',
  PLACED: 'Placed',
  PARTIALLY_SHIPPED: 'Partially shipped',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{ORDER_STATUS_LABELS[status]}</span>;
}
