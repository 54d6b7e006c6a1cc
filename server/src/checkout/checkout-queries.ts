import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { CheckoutFailureReason, CheckoutStatus } from './events';

export interface OrderCheckoutView {
  status: CheckoutStatus;
  failureReason: CheckoutFailureReason | null;
  outOfStockSkus: string[];
  declineCode: string | null;
  /** How many times checkout was asked for on this order. */
  attempts: number;
}

export class CheckoutQueries {
  constructor(private readonly db: Knex) {}

  /** The latest checkout attempt of an order, if it was ever checked out. */
  async latestForOrder(tenantId: string, orderId: string): Promise<OrderCheckoutView | undefined> {
    const row = await withTenant(this.db, tenantId, (trx) =>
      trx('checkouts')
        .where({ tenant_id: tenantId, order_id: orderId })
        .orderBy('seq', 'desc')
        .first('status', 'failure_reason', 'out_of_stock_skus', 'decline_code', trx.raw('count(*) OVER () AS attempts')),
    );
    if (!row) return undefined;
    return { status: row.status, failureReason: row.failure_reason, outOfStockSkus: row.out_of_stock_skus, declineCode: row.decline_code, attempts: Number(row.attempts) };
  }
}
