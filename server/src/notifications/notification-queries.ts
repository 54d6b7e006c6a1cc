import type { Knex } from 'knex';
import { withTenant } from '../db/tenant-scope';
import type { NotificationKind } from './kinds';

export interface NotificationView {
  id: string;
  orderId: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  body: string;
  data: unknown;
  createdAt: Date;
  sentAt: Date;
}

interface Row {
  id: string;
  order_id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  body: string;
  data: unknown;
  created_at: Date;
  sent_at: Date;
}

/** What the default sender delivered (the mock mailbox). */
export class NotificationQueries {
  constructor(private readonly db: Knex) {}

  async forOrder(tenantId: string, orderId: string): Promise<NotificationView[]> {
    const rows: Row[] = await withTenant(this.db, tenantId, (trx) =>
      trx('notifications').where({ tenant_id: tenantId, order_id: orderId }).orderBy('event_position').orderBy('id'),
    );
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      data: row.data,
      createdAt: new Date(row.created_at),
      sentAt: new Date(row.sent_at),
    }));
  }
}
