import type { CheckoutFailureReason } from '../checkout/events';
import type { Money } from '../shared/money';

export interface FailureCountView {
  reason: CheckoutFailureReason;
  count: number;
}

export interface DashboardBucketView {
  start: Date;
  ordersPlaced: number;
}

export interface DashboardWindowView {
  /** First minute in the window. */
  from: Date;
  /** End of the current minute: the window is [from, to). */
  to: Date;
  ordersPlaced: number;
  /** Sum of the placed orders' totals, one entry per currency, by currency code. */
  revenue: Money[];
  checkoutsFailed: number;
  /** Every reason, zero counts included, in a fixed order. */
  failuresByReason: FailureCountView[];
  /** Orders placed per step of the window (minutes for the hour, hours for the day), oldest first. */
  ordersOverTime: DashboardBucketView[];
}

export type StockAlertLevel = 'OUT_OF_STOCK' | 'LOW';

export interface StockAlertView {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  level: StockAlertLevel;
}

export interface DashboardView {
  at: Date;
  lastHour: DashboardWindowView;
  lastDay: DashboardWindowView;
  lowStockThreshold: number;
  /** The SKUs with the least available first, at most `STOCK_ALERT_LIMIT` of them. */
  stockAlerts: StockAlertView[];
  /** How many SKUs are at or below the threshold, listed or not. */
  stockAlertCount: number;
}
