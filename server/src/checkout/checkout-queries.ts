import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { CheckoutFailureReason, CheckoutStatus } from './events';
import { oneInKeyOrder } from '../shared/in-key-order';

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
    return (await this.latestForOrders(tenantId, [orderId]))[0];
  }

  /** `latestForOrder` of each order, in the order given, with one statement. */
  async latestForOrders(tenantId: string, orderIds: readonly string[]): Promise<(OrderCheckoutView | undefined)[]> {
    const rows = await withTenant(this.db, tenantId, (trx) =>
      trx('checkouts')
        .distinctOn('order_id')
        .select('order_id', 'status', 'failure_reason', 'out_of_stock_skus', 'decline_code', trx.raw('count(*) OVER (PARTITION BY order_id) AS attempts'))
        .where({ tenant_id: tenantId })
        .whereRaw('order_id = ANY(?::uuid[])', [[...orderIds]])
        .orderBy([{ column: 'order_id' }, { column: 'seq', order: 'desc' }]),
    );
    return oneInKeyOrder(
      orderIds,
      rows,
      (row) => row.order_id,
      (row): OrderCheckoutView => ({ status: row.status, failureReason: row.failure_reason, outOfStockSkus: row.out_of_stock_skus, declineCode: row.decline_code, attempts: Number(row.attempts) }),
    );
  }
}
