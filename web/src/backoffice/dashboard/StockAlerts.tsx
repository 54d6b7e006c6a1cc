import type { DashboardFieldsFragment } from '../../gql/graphql';
import { Link } from '../../app/Link';
import { paths } from '../../app/routes';
import { formatCount } from './labels';

type Alerts = Pick<DashboardFieldsFragment, 'stockAlerts' | 'stockAlertCount' | 'lowStockThreshold'>;

/** SKUs with the least available first; the inventory screen is where stock is booked. */
export function StockAlerts({ stockAlerts, stockAlertCount, lowStockThreshold }: Alerts) {
  return (
    <section className="dashboard-stock" aria-labelledby="dashboard-stock-heading">
      <h2 id="dashboard-stock-heading">Stock alerts</h2>
      <p className="muted">
        SKUs with {formatCount(lowStockThreshold)} or fewer units available. <Link to={paths.backOffice.inventory()}>Open inventory</Link>
      </p>
      {stockAlerts.length === 0 ? (
        <p data-testid="no-stock-alerts">No SKU is low on stock.</p>
      ) : (
        <table className="dashboard-stock-table" aria-label="Stock alerts">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Available</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">Level</th>
            </tr>
          </thead>
          <tbody>
            {stockAlerts.map((alert) => (
              <tr key={alert.sku} data-sku={alert.sku} data-level={alert.level}>
                <th scope="row">{alert.sku}</th>
                <td>{formatCount(alert.available)}</td>
                <td>{formatCount(alert.onHand)}</td>
                <td>{formatCount(alert.reserved)}</td>
                <td>
                  <span className={`dashboard-level dashboard-level-${alert.level.toLowerCase()}`}>{alert.level === 'OUT_OF_STOCK' ? 'Out of stock' : 'Low'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stockAlertCount > stockAlerts.length && <p className="muted">and {formatCount(stockAlertCount - stockAlerts.length)} more</p>}
    </section>
  );
}
