import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { Money } from '../shared/money';
import type { OrderLine, OrderStatus } from './order-decider';
import { oneInKeyOrder } from '../shared/in-key-order';
import { PREPARED } from '../db/prepared-statements';
import type { AppendResult } from '../eventstore/types';
import type { RecentRows } from '../projector/recent-rows';
import type { AnnouncedVersions } from '../projector/announced-versions';
import type { ReadModelChange } from '../projector/projection';
import { orderStreamId } from './events';
import { orderProjection, orderRowKey, type StoredOrder } from './order-projection';

export interface OrderItemView extends OrderLine {
  lineTotal: Money;
}

export interface OrderView {
  id: string;
  /** The account the order belongs to; null for orders from before accounts. */
  customerId: string | null;
  seq: number;
  status: OrderStatus;
  version: number;
  items: OrderItemView[];
  total: Money | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An `orders` row as stored (without its shop). */
export interface OrderRow {
  id: string;
  customer_id: string | null;
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
  customerId: row.customer_id,
  seq: row.seq,
  status: row.status,
  version: row.version,
  items: row.items.map((i) => ({ ...i, lineTotal: { amount: i.unitPrice.amount * i.quantity, currency: i.unitPrice.currency } })),
  total: row.currency ? { amount: Number(row.total_amount), currency: row.currency } : null,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export interface OrderListOptions {
  limit: number;
  beforeSeq?: number;
  status?: OrderStatus;
  /** Only this customer's orders (a customer's own scope). */
  customerId?: string;
  /** Only orders whose customer's name or email contains this, ignoring case. */
  customerSearch?: string;
  /** Created at or after. */
  createdFrom?: Date;
  /** Created before. */
  createdBefore?: Date;
}

/** `text` matched literally inside a LIKE pattern. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export class OrderQueries {
  constructor(
    private readonly db: Knex,
    private readonly recent?: RecentRows,
    private readonly announced?: AnnouncedVersions,
  ) {}

  async byId(tenantId: string, id: string): Promise<OrderView | undefined> {
    return (await this.byIds(tenantId, [id]))[0];
  }

  /**
   * Each order with one of the ids (undefined for unknown ones), in the order given, with one
   * statement, prepared. One id (a push, a mutation's answer: nearly every call) gets a statement
   * of its own: planned for an array of unknown length, `= ANY` looks dearer than the plan for the
   * one id, so PostgreSQL would plan it afresh every time.
   */
  async byIds(tenantId: string, ids: readonly string[]): Promise<(OrderView | undefined)[]> {
    const rows: OrderRow[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('orders').where({ tenant_id: tenantId });
      return (ids.length === 1 ? query.whereRaw('id = ?::uuid', [ids[0]]) : query.whereRaw('id = ANY(?::uuid[])', [[...ids]])).options(PREPARED);
    });
    return oneInKeyOrder(ids, rows, (row) => row.id, toView);
  }

  /**
   * The order a push of `change` can show without reading it: as this node's projector last left
   * it, if that is at least the version the change names or, for a change naming none, the newest
   * version announced before it (see AnnouncedVersions); undefined otherwise.
   */
  keptForPush(tenantId: string, change: ReadModelChange): Promise<OrderView | undefined> {
    return this.kept(tenantId, change.id, change.version ?? this.announced?.latest(tenantId, change.id));
  }

  /**
   * The customer the order belongs to (null: an order from before accounts), or undefined for an
   * unknown order. Set when the order is created and never changed, so any copy of the order this
   * node's projector kept tells it without a read.
   */
  async ownerOf(tenantId: string, id: string): Promise<{ customerId: string | null } | undefined> {
    return (await this.kept(tenantId, id, 1)) ?? (await this.byId(tenantId, id));
  }

  /** The order as this node's projector last left it, if that is at `version` of its stream or later; undefined otherwise. */
  async kept(tenantId: string, id: string, version: number | undefined): Promise<OrderView | undefined> {
    if (version === undefined || !this.recent) return undefined;
    const row = await this.recent.get<StoredOrder>(orderProjection.name, orderRowKey(tenantId, id));
    return row && row.version >= version ? toView(row) : undefined;
  }

  /**
   * The order as a mutation that appended `append` answers it, once that append is projected:
   * as this node's projector left it when that holds the append (no round trip), else read.
   */
  async afterWrite(tenantId: string, id: string, append: AppendResult | undefined): Promise<OrderView | undefined> {
    return (await this.kept(tenantId, id, append?.versions[orderStreamId(id)])) ?? this.byId(tenantId, id);
  }

  /** Newest first; only one customer's when `customerId` is given. */
  async list(tenantId: string, options: OrderListOptions): Promise<OrderView[]> {
    const rows: OrderRow[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('orders').where({ tenant_id: tenantId }).orderBy('seq', 'desc').limit(options.limit);
      if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
      if (options.status) query.where('status', options.status);
      if (options.customerId !== undefined) query.where('customer_id', options.customerId);
      if (options.createdFrom) query.where('created_at', '>=', options.createdFrom);
      if (options.createdBefore) query.where('created_at', '<', options.createdBefore);
      if (options.customerSearch) {
        const pattern = `%${escapeLike(options.customerSearch)}%`;
        query.whereIn(
          'customer_id',
          trx('users').select(trx.raw('id::text')).where({ tenant_id: tenantId }).andWhere((q) => q.whereILike('name', pattern).orWhereILike('email', pattern)),
        );
      }
      return query;
    });
    return rows.map(toView);
  }
}
