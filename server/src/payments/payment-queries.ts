import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { Money } from '../shared/money';
import type { PaymentStatus } from './payment-decider';
import { oneInKeyOrder } from '../shared/in-key-order';
import type { PaymentRow } from './payment-projection';

export interface PaymentView {
  id: string;
  seq: number;
  orderId: string;
  status: PaymentStatus;
  amount: Money;
  amountAuthorized: Money;
  amountCaptured: Money;
  amountRefunded: Money;
  declineCode: string | null;
  bank: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const toView = (row: PaymentRow): PaymentView => {
  const inCurrency = (amount: number): Money => ({ amount: Number(amount), currency: row.currency });
  return {
    id: row.id,
    seq: Number(row.seq),
    orderId: row.order_id,
    status: row.status,
    amount: inCurrency(row.amount),
    amountAuthorized: inCurrency(row.amount_authorized),
    amountCaptured: inCurrency(row.amount_captured),
    amountRefunded: inCurrency(row.amount_refunded),
    declineCode: row.decline_code,
    bank: row.bank,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
};

/** Reads of the payments read table. */
export class PaymentQueries {
  constructor(private readonly db: Knex) {}

  async byId(tenantId: string, id: string): Promise<PaymentView | undefined> {
    const row: PaymentRow | undefined = await withTenant(this.db, tenantId, (trx) => trx('payments').where({ tenant_id: tenantId, id }).first());
    return row && toView(row);
  }

  /** The order's latest payment: a checkout retried after a decline makes a new one. */
  async byOrderId(tenantId: string, orderId: string): Promise<PaymentView | undefined> {
    return (await this.latestByOrderIds(tenantId, [orderId]))[0];
  }

  /** `byOrderId` of each order, in the order given, with one statement. */
  async latestByOrderIds(tenantId: string, orderIds: readonly string[]): Promise<(PaymentView | undefined)[]> {
    const rows: PaymentRow[] = await withTenant(this.db, tenantId, (trx) =>
      trx('payments')
        .distinctOn('order_id')
        .where({ tenant_id: tenantId })
        .whereRaw('order_id = ANY(?::uuid[])', [[...orderIds]])
        .orderBy([{ column: 'order_id' }, { column: 'seq', order: 'desc' }]),
    );
    return oneInKeyOrder(orderIds, rows, (row) => row.order_id, toView);
  }

  /** Newest first; `from`/`to` bound when the payment was created (from inclusive, to exclusive). */
  async list(tenantId: string, options: { limit: number; beforeSeq?: number; status?: PaymentStatus; from?: Date; to?: Date }): Promise<PaymentView[]> {
    const rows: PaymentRow[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('payments').where({ tenant_id: tenantId }).orderBy('seq', 'desc').limit(options.limit);
      if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
      if (options.status) query.where('status', options.status);
      if (options.from) query.where('created_at', '>=', options.from);
      if (options.to) query.where('created_at', '<', options.to);
      return query;
    });
    return rows.map(toView);
  }
}
