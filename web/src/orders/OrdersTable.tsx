import { Link } from '../app/Link';
import { paths } from '../app/routes';
import { graphql } from '../gql';
import type { OrderSummaryFragment } from '../gql/graphql';
import { formatDateTime } from '../shared/format-date-time';
import { formatMoney } from '../shared/format-money';
import { shortId } from '../shared/short-id';
import { OrderStatusBadge } from './OrderStatusBadge';

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
              <Link to={paths.order(order.id)} aria-label={`Open order ${shortId(order.id)}`}>
                {shortId(order.id)}
              </Link>
            </th>
            <td>
              <OrderStatusBadge status={order.status} />
            </td>
            <td className="numeric">{order.items.reduce((sum, item) => sum + item.quantity, 0)}</td>
            <td className="numeric">{order.total ? formatMoney(order.total) : '—'}</td>
            <td>{formatDateTime(order.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
