import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { ShipmentLine } from './events';
import type { ShipmentStatus } from './shipment-decider';
import { allInKeyOrder, oneInKeyOrder } from '../shared/in-key-order';

export interface ShipmentView {
  id: string;
  seq: number;
  orderId: string;
  status: ShipmentStatus;
  carrier: string;
  trackingNumber: string | null;
  lines: ShipmentLine[];
  createdAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
}

interface ShipmentRow {
  id: string;
  seq: number;
  order_id: string;
  status: ShipmentStatus;
  carrier: string;
  tracking_number: string | null;
  lines: ShipmentLine[];
  created_at: Date;
  shipped_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
}

const dateOrNull = (value: Date | null) => (value ? new Date(value) : null);

const toView = (row: ShipmentRow): ShipmentView => ({
  id: row.id,
  seq: Number(row.seq),
  orderId: row.order_id,
  status: row.status,
  carrier: row.carrier,
  trackingNumber: row.tracking_number,
  lines: row.lines,
  createdAt: new Date(row.created_at),
  shippedAt: dateOrNull(row.shipped_at),
  deliveredAt: dateOrNull(row.delivered_at),
  cancelledAt: dateOrNull(row.cancelled_at),
});

export class ShipmentQueries {
  constructor(private readonly db: Knex) {}

  async byId(tenantId: string, id: string): Promise<ShipmentView | undefined> {
    return (await this.byIds(tenantId, [id]))[0];
  }

  /** Oldest first: the order in which they were created. */
  async byOrderId(tenantId: string, orderId: string): Promise<ShipmentView[]> {
    return (await this.byOrderIds(tenantId, [orderId]))[0];
  }

  /** `byOrderId` of each order, in the order given, with one statement. */
  async byOrderIds(tenantId: string, orderIds: readonly string[]): Promise<ShipmentView[][]> {
    const rows: ShipmentRow[] = await withTenant(this.db, tenantId, (trx) =>
      trx('shipments').where({ tenant_id: tenantId }).whereRaw('order_id = ANY(?::uuid[])', [[...orderIds]]).orderBy('seq'),
    );
    return allInKeyOrder(orderIds, rows, (row) => row.order_id, toView);
  }

  /** Each shipment with one of the ids (undefined for unknown ones), in the order given, with one statement. */
  async byIds(tenantId: string, ids: readonly string[]): Promise<(ShipmentView | undefined)[]> {
    const rows: ShipmentRow[] = await withTenant(this.db, tenantId, (trx) => trx('shipments').where({ tenant_id: tenantId }).whereRaw('id = ANY(?::uuid[])', [[...ids]]));
    return oneInKeyOrder(ids, rows, (row) => row.id, toView);
  }

  /** Newest first. */
  async list(tenantId: string, options: { limit: number; beforeSeq?: number; status?: ShipmentStatus }): Promise<ShipmentView[]> {
    const rows: ShipmentRow[] = await withTenant(this.db, tenantId, (trx) => {
      const query = trx('shipments').where({ tenant_id: tenantId }).orderBy('seq', 'desc').limit(options.limit);
      if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
      if (options.status) query.where('status', options.status);
      return query;
    });
    return rows.map(toView);
  }
}
