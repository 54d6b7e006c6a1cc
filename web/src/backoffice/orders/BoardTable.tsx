import { Link } from '../../app/Link';
import { paths } from '../../app/routes';
import type { BoardOrderRowFragment } from '../../gql/graphql';
import { OrderStatusBadge } from '../../orders/OrderStatusBadge';
import { formatDateTime } from '../../shared/format-date-time';
import { formatMoney } from '../../shared/format-money';
import { shortId } from '../../shared/short-id';

/** On a phone each row becomes a card: the cells carry their column's name for that layout. */
export function BoardTable({ rows }: { rows: BoardOrderRowFragment[] }) {
  return (
    <table className="board-table">
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Customer</th>
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Items
          </th>
          <th scope="col" className="numeric">
            Total
          </th>
          <th scope="col">Created</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((order) => (
          <tr key={order.id} data-order-id={order.id}>
            <th scope="row" data-label="Order">
              <Link to={paths.backOffice.order(order.id)} aria-label={`Open order ${shortId(order.id)}`}>
                {shortId(order.id)}
              </Link>
            </th>
            <td data-label="Customer" className="board-customer">
              {order.customer ? (
                <div>
                  <span>{order.customer.name}</span> <span className="muted">{order.customer.email}</span>
                </div>
              ) : (
                <span className="muted">No account</span>
              )}
            </td>
            <td data-label="Status">
              <OrderStatusBadge status={order.status} />
            </td>
            <td data-label="Items" className="numeric">
              {order.items.reduce((sum, item) => sum + item.quantity, 0)}
            </td>
            <td data-label="Total" className="numeric">
              {order.total ? formatMoney(order.total) : '—'}
            </td>
            <td data-label="Created">{formatDateTime(order.createdAt)}</td>
            <td data-label="Last change">{formatDateTime(order.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
