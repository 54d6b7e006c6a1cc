import type { CheckoutFailureReason } from '../checkout/events';
import type { Money } from '../shared/money';
import { MINUTE_MS, minuteOf } from './buckets';
import type { DashboardWindowView } from './dashboard-view';

/** The reasons a checkout fails with (server/src/checkout/events.ts), in the order the dashboard lists them. */
export const FAILURE_REASONS: readonly CheckoutFailureReason[] = ['OUT_OF_STOCK', 'PAYMENT_DECLINED', 'PAYMENT_ERROR', 'RESERVATION_EXPIRED'];

export interface WindowSpec {
  minutes: number;
  /** Minutes per point of `ordersOverTime`. */
  stepMinutes: number;
}

export const LAST_HOUR: WindowSpec = { minutes: 60, stepMinutes: 1 };
export const LAST_DAY: WindowSpec = { minutes: 24 * 60, stepMinutes: 60 };

/** Whole minutes up to and including the one `now` is in. */
export function windowBounds(spec: WindowSpec, now: Date): { from: Date; to: Date } {
  const to = new Date(minuteOf(now).getTime() + MINUTE_MS);
  return { from: new Date(to.getTime() - spec.minutes * MINUTE_MS), to };
}

export interface OrderMinute {
  bucketStart: Date;
  currency: string;
  ordersPlaced: number;
  revenueMinor: number;
}

export interface FailureMinute {
  bucketStart: Date;
  reason: string;
  failures: number;
}

/** A window's figures from the minute rows (rows outside it are ignored). */
export function summarizeWindow(spec: WindowSpec, now: Date, orders: readonly OrderMinute[], failures: readonly FailureMinute[]): DashboardWindowView {
  const { from, to } = windowBounds(spec, now);
  const inWindow = (at: Date) => at >= from && at < to;
  const stepMs = spec.stepMinutes * MINUTE_MS;
  const steps = Array.from({ length: spec.minutes / spec.stepMinutes }, (_, i) => ({ start: new Date(from.getTime() + i * stepMs), ordersPlaced: 0 }));
  const revenue = new Map<string, number>();
  let ordersPlaced = 0;
  for (const row of orders) {
    if (!inWindow(row.bucketStart)) continue;
    ordersPlaced += row.ordersPlaced;
    revenue.set(row.currency, (revenue.get(row.currency) ?? 0) + row.revenueMinor);
    steps[Math.floor((row.bucketStart.getTime() - from.getTime()) / stepMs)].ordersPlaced += row.ordersPlaced;
  }
  const byReason = new Map<string, number>(FAILURE_REASONS.map((reason) => [reason, 0]));
  for (const row of failures) {
    if (!inWindow(row.bucketStart) || !byReason.has(row.reason)) continue;
    byReason.set(row.reason, byReason.get(row.reason)! + row.failures);
  }
  const failuresByReason = FAILURE_REASONS.map((reason) => ({ reason, count: byReason.get(reason)! }));
  return {
    from,
    to,
    ordersPlaced,
    revenue: [...revenue.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]): Money => ({ amount, currency })),
    checkoutsFailed: failuresByReason.reduce((sum, f) => sum + f.count, 0),
    failuresByReason,
    ordersOverTime: steps,
  };
}
