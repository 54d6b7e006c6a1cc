import { useState, type FormEvent } from 'react';
import type { OrderStatus } from '../../gql/graphql';
import { ORDER_STATUS_LABELS } from '../../orders/OrderStatusBadge';
import { hasFilters, type BoardFilters } from './board-filters';

const STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];

/** Status applies at once; customer and dates on "Apply", so typing does not reload the list per key. */
export function BoardFiltersForm({ filters, onChange }: { filters: BoardFilters; onChange: (filters: BoardFilters) => void }) {
  const [draft, setDraft] = useState(filters);

  function apply(event: FormEvent) {
    event.preventDefault();
    onChange(draft);
  }

  function clear() {
    const none: BoardFilters = { status: null, customer: '', from: '', to: '' };
    setDraft(none);
    onChange(none);
  }

  return (
    <form className="board-filters" role="search" aria-label="Filter orders" onSubmit={apply}>
      <label>
        <span>Status</span>
        <select
          value={draft.status ?? ''}
          onChange={(event) => {
            const next = { ...draft, status: (event.target.value || null) as OrderStatus | null };
            setDraft(next);
            onChange(next);
          }}
        >
          <option value="">All statuses</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {ORDER_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Customer</span>
        <input type="search" placeholder="Name or email" value={draft.customer} onChange={(event) => setDraft({ ...draft, customer: event.target.value })} />
      </label>
      <label>
        <span>Created from</span>
        <input type="date" value={draft.from} max={draft.to || undefined} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
      </label>
      <label>
        <span>Created to</span>
        <input type="date" value={draft.to} min={draft.from || undefined} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
      </label>
      <div className="board-filter-buttons">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        {hasFilters(filters) && (
          <button type="button" className="button" onClick={clear}>
            Clear
          </button>
        )}
      </div>
    </form>
  );
}
