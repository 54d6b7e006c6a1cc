import type { OrderFieldsFragment } from '../gql/graphql';
import { formatMoney } from '../shared/format-money';
import './orders.css';

/**
 * On a phone the order panel sits below the whole catalog: this bar stays at the top of the
 * screen with the order's size and total, and jumps to the panel. Hidden on wide screens, where
 * the panel is beside the catalog (see orders.css).
 */
export function OrderBar({ order, targetId }: { order: OrderFieldsFragment | null; targetId: string }) {
  const units = order?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;
  const draft = order?.status === 'DRAFT';
  const summary = !order || (draft && units === 0) ? 'Your order is empty' : `Your order: ${units} ${units === 1 ? 'item' : 'items'}${order.total ? ` · ${formatMoney(order.total)}` : ''}`;

  function jump() {
    const target = document.getElementById(targetId);
    target?.scrollIntoView({ block: 'start' });
    // Keyboard and screen reader users land where the eyes do.
    target?.focus({ preventScroll: true });
  }

  return (
    <div className="order-bar" role="region" aria-label="Order summary">
      <span data-testid="order-bar-summary">{summary}</span>
      <button type="button" className="button primary" onClick={jump}>
        View order
      </button>
    </div>
  );
}
