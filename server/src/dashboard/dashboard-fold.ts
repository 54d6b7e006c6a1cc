import type { RecordedEvent } from '../eventstore/types';
import type { CheckoutEvent } from '../checkout/events';
import type { OrderEvent } from '../ordering/events';
import { minuteOf } from './buckets';

type OrderPlaced = Extract<OrderEvent, { type: 'OrderPlaced' }>;
type CheckoutFailed = Extract<CheckoutEvent, { type: 'CheckoutFailed' }>;

/** The events the dashboard counts: a placed order (with its total) and a failed checkout (with its reason). */
export const dashboardEventTypes = ['OrderPlaced', 'CheckoutFailed'] as const;

export interface OrderMinuteRow {
  tenant_id: string;
  /** ISO time of the minute's start. */
  bucket_start: string;
  currency: string;
  orders_placed: number;
  revenue_minor: number;
}

export interface FailureMinuteRow {
  tenant_id: string;
  bucket_start: string;
  reason: string;
  failures: number;
}

/** What a batch of events adds to the minute rows: one increment per row key, and the shops it touched. */
export interface DashboardIncrements {
  orders: OrderMinuteRow[];
  failures: FailureMinuteRow[];
  tenants: string[];
}

/**
 * Sums a batch into increments, one per (shop, minute, currency) and (shop, minute, reason), so the
 * batch is written with one additive upsert per table (an upsert may touch a row only once).
 */
export function foldIncrements(events: readonly RecordedEvent[]): DashboardIncrements {
  const orders = new Map<string, OrderMinuteRow>();
  const failures = new Map<string, FailureMinuteRow>();
  const tenants = new Set<string>();
  for (const recorded of events) {
    const bucket_start = minuteOf(recorded.recordedAt).toISOString();
    const tenant_id = recorded.tenantId;
    if (recorded.type === 'OrderPlaced') {
      const { total } = (recorded as unknown as OrderPlaced).data;
      const key = `${tenant_id}\u0000${bucket_start}\u0000${total.currency}`;
      const row = orders.get(key) ?? { tenant_id, bucket_start, currency: total.currency, orders_placed: 0, revenue_minor: 0 };
      row.orders_placed += 1;
      row.revenue_minor += total.amount;
      orders.set(key, row);
    } else if (recorded.type === 'CheckoutFailed') {
      const { reason } = (recorded as unknown as CheckoutFailed).data;
      const key = `${tenant_id}\u0000${bucket_start}\u0000${reason}`;
      const row = failures.get(key) ?? { tenant_id, bucket_start, reason, failures: 0 };
      row.failures += 1;
      failures.set(key, row);
    } else {
      continue;
    }
    tenants.add(tenant_id);
  }
  return { orders: [...orders.values()], failures: [...failures.values()], tenants: [...tenants] };
}
