import { lazy, Suspense } from 'react';
import type { DashboardWindowFieldsFragment } from '../../gql/graphql';
import { formatMoney } from '../../shared/format-money';
import { FAILURE_REASON_LABELS, formatCount } from './labels';

// recharts is big: only the dashboard loads it, after its figures are on screen.
const OrdersChart = lazy(() => import('./OrdersChart'));

/** One window's figure cards, its failures by reason and its orders over time. */
export function WindowFigures({ id, title, window, step }: { id: string; title: string; window: DashboardWindowFieldsFragment; step: 'minute' | 'hour' }) {
  const headingId = `dashboard-${id}-heading`;
  return (
    <section className="dashboard-window" aria-labelledby={headingId} data-testid={`dashboard-${id}`}>
      <h2 id={headingId}>{title}</h2>
      <dl className="dashboard-cards">
        <div className="dashboard-card">
          <dt>Orders placed</dt>
          <dd data-testid="orders-placed">{formatCount(window.ordersPlaced)}</dd>
        </div>
        <div className="dashboard-card">
          <dt>Revenue</dt>
          <dd data-testid="revenue">
            {window.revenue.length === 0 ? (
              <span className="muted">None yet</span>
            ) : (
              window.revenue.map((money) => (
                <span key={money.currency} className="dashboard-amount">
                  {formatMoney(money)}
                </span>
              ))
            )}
          </dd>
        </div>
        <div className="dashboard-card">
          <dt>Checkouts failed</dt>
          <dd data-testid="checkouts-failed">{formatCount(window.checkoutsFailed)}</dd>
        </div>
      </dl>
      <h3 className="dashboard-subheading">Failed checkouts by reason</h3>
      <ul className="dashboard-reasons" aria-label={`Failed checkouts by reason, ${title.toLowerCase()}`}>
        {window.failuresByReason.map((failure) => (
          <li key={failure.reason} data-reason={failure.reason} className={failure.count > 0 ? 'has-failures' : undefined}>
            <span>{FAILURE_REASON_LABELS[failure.reason]}</span>
            <span className="dashboard-reason-count">{formatCount(failure.count)}</span>
          </li>
        ))}
      </ul>
      <h3 className="dashboard-subheading">Orders per {step}</h3>
      <Suspense fallback={<div className="dashboard-chart" aria-busy="true" />}>
        <OrdersChart buckets={window.ordersOverTime} step={step} label={`Orders placed per ${step}, ${title.toLowerCase()}`} />
      </Suspense>
    </section>
  );
}
