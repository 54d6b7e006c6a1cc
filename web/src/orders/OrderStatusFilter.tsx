import type { OrderStatus } from '../gql/graphql';
import { ORDER_STATUS_LABELS } from './OrderStatusBadge';

const STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];

export function OrderStatusFilter({ status, onChange }: { status: OrderStatus | null; onChange: (status: OrderStatus | null) => void }) {
  return (
    <div className="field">
      <label htmlFor="order-status-filter">Status</label>
      <select id="order-status-filter" value={status ?? ''} onChange={(event) => onChange((event.target.value || null) as OrderStatus | null)}>
        <option value="">All statuses</option>
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {ORDER_STATUS_LABELS[value]}
          </option>
        ))}
      </select>
    </div>
  );
}
