import { Link } from '../app/Link';
import { paths } from '../app/routes';
import { graphql } from '../gql';
import type { OrderSummaryFragment } from '../gql/graphql';
import { formatDateTime } from '../shared/format-date-time';
import { formatMoney } from '../shared/format-money';
import { shortId } from '../shared/short-id';
import { OrderStatusBadge } from './OrderStatusBadge';
import './orders.css';

export const OrderSummary = graphql(`
  fragment OrderSummary on Order {
    id
    status
    version
    updatedAt
    items {
      variantId
      quantity
    }
    total {
      amount
      currency
    }
  }
`);

/** The column's name inside the cell, shown only when the rows are cards (screen readers have the headers). */
function CellLabel({ children }: { children: string }) {
  return (
    <span className="cell-label" aria-hidden="true">
      {children}
    </span>
  );
}

/** A table on wide screens; on a phone each row is a card of label–value lines (orders.css), so nothing scrolls sideways. */
export function OrdersTable({ orders }: { orders: OrderSummaryFragment[] }) {
  return (
    <table className="orders-table">
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Items
          </th>
          <th scope="col" className="numeric">
            Total
          </th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id}>
            <th scope="row">
              <CellLabel>Order</CellLabel>
              <Link to={paths.order(order.id)} aria-label={`Open order ${shortId(order.id)}`}>
                {shortId(order.id)}
              </Link>
            </th>
            <td>
              <CellLabel>Status</CellLabel>
              <OrderStatusBadge status={order.status} />
            </td>
            <td className="numeric">
              <CellLabel>Items</CellLabel>
              {order.items.reduce((sum, item) => sum + item.quantity, 0)}
            </td>
            <td className="numeric">
              <CellLabel>Total</CellLabel>
              {order.total ? formatMoney(order.total) : '—'}
            </td>
            <td>
              <CellLabel>Last change</CellLabel>
              {formatDateTime(order.updatedAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
