import type { Knex } from 'knex';
import type { Money } from '../shared/money';
import type { OrderLine, OrderStatus } from './order-decider';

export interface OrderItemView extends OrderLine {
  lineTotal: Money;
}

export interface OrderView {
  id: string;
  seq: number;
  status: OrderStatus;
  version: number;
  items: OrderItemView[];
  total: Money | null;
  createdAt: Date;
  updatedAt: Date;
}

interface OrderRow {
  id: string;
  seq: number;
  status: OrderStatus;
  version: number;
  currency: string | null;
  total_amount: number;
  items: OrderLine[];
  created_at: Date;
  updated_at: Date;
}

const toView = (row: OrderRow): OrderView => ({
  id: row.id,
  seq: row.seq,
  status: row.status,
  version: row.version,
  items: row.items.map((i) => ({ ...i, lineTotal: { amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency } })),
  total: row.currency ? { amount: Number(row.total_amount), currency: row.currency } : null,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export class OrderQueries {
  constructor(private readonly db: Knex) {}

  async byId(tenantId: string, id: string): Promise<OrderView | undefined> {
    const row: OrderRow | undefined = await this.db('orders').where({ tenant_id: tenantId, id }).first();
    return row && toView(row);
  }

  /** Newest first. */
  async list(tenantId: string, options: { limit: number; beforeSeq?: number; status?: OrderStatus }): Promise<OrderView[]> {
    const query = this.db('orders').where({ tenant_id: tenantId }).orderBy('seq', 'desc').limit(options.limit);
    if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
    if (options.status) query.where('status', options.status);
    const rows: OrderRow[] = await query;
    return rows.map(toView);
  }
}
