import type { Knex } from 'knex';
import type { AccountQueries } from '../accounts/account-queries';
import { withTenant } from '../db/tenant-scope';
import type { ShipmentQueries } from '../fulfillment/shipment-queries';
import type { OrderQueries, OrderView } from '../ordering/order-queries';
import type { PaymentQueries } from '../payments/payment-queries';
import { NotFoundError } from '../shared/errors';

/** Orders read per statement while gathering an export. */
const ORDER_PAGE = 200;

export interface ExportReaders {
  accounts: AccountQueries;
  orders: OrderQueries;
  payments: PaymentQueries;
  shipments: ShipmentQueries;
}

/**
 * Everything the shop holds about one customer, as plain JSON: the account, their orders with
 * items and totals, each order's latest payment and its shipments, and the messages sent to them.
 * Read from the read models (the shop's restricted role), so it shows what the API shows.
 */
export class ExportService {
  constructor(
    private readonly db: Knex,
    private readonly readers: ExportReaders,
  ) {}

  async exportCustomer(tenantId: string, customerId: string): Promise<Record<string, unknown>> {
    const account = await this.readers.accounts.userById(tenantId, customerId);
    if (!account) throw new NotFoundError('Customer', customerId);
    const orders = await this.allOrders(tenantId, customerId);
    const orderIds = orders.map((order) => order.id);
    const [payments, shipments, notifications] = await Promise.all([
      this.readers.payments.latestByOrderIds(tenantId, orderIds),
      this.readers.shipments.byOrderIds(tenantId, orderIds),
      this.notifications(tenantId, orderIds, account.email),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      shop: tenantId,
      account: { id: account.id, email: account.email, name: account.name, role: account.role, createdAt: account.createdAt.toISOString() },
      orders: orders.map((order, index) => ({
        id: order.id,
        status: order.status,
        items: order.items.map(({ sku, productName, variantName, unitPrice, quantity, lineTotal }) => ({ sku, productName, variantName, unitPrice, quantity, lineTotal })),
        total: order.total,
        createdAt: order.createdAt.toISOString(),
        updatedAt: order.updatedAt.toISOString(),
        payment: payments[index] && {
          id: payments[index].id,
          status: payments[index].status,
          amount: payments[index].amount,
          amountCaptured: payments[index].amountCaptured,
          amountRefunded: payments[index].amountRefunded,
          createdAt: payments[index].createdAt.toISOString(),
        },
        shipments: shipments[index]!.map((s) => ({ id: s.id, status: s.status, carrier: s.carrier, trackingNumber: s.trackingNumber, lines: s.lines, createdAt: s.createdAt.toISOString(), shippedAt: s.shippedAt?.toISOString() ?? null, deliveredAt: s.deliveredAt?.toISOString() ?? null })),
      })),
      notifications,
    };
  }

  private async allOrders(tenantId: string, customerId: string): Promise<OrderView[]> {
    const all: OrderView[] = [];
    for (;;) {
      const page = await this.readers.orders.list(tenantId, { limit: ORDER_PAGE, customerId, beforeSeq: all.at(-1)?.seq });
      all.push(...page);
      if (page.length < ORDER_PAGE) return all;
    }
  }

  /** Messages about their orders or addressed to them (a password reset has no order). */
  private async notifications(tenantId: string, orderIds: string[], email: string): Promise<unknown[]> {
    const rows = await withTenant(this.db, tenantId, (trx) =>
      trx('notifications')
        .where({ tenant_id: tenantId })
        .where((where) => where.whereRaw('order_id = ANY(?::uuid[])', [orderIds]).orWhere('recipient', email))
        .orderBy('created_at')
        .select<{ id: string; order_id: string | null; kind: string; recipient: string; subject: string; body: string; created_at: Date }[]>('id', 'order_id', 'kind', 'recipient', 'subject', 'body', 'created_at'),
    );
    return rows.map((row) => ({ id: row.id, orderId: row.order_id, kind: row.kind, recipient: row.recipient, subject: row.subject, body: row.body, createdAt: new Date(row.created_at).toISOString() }));
  }
}
