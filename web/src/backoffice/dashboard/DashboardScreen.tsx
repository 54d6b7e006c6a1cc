import { useLiveConnection, type LiveConnectionState } from '../../app/live-connection';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorMessage } from '../../shared/ErrorMessage';
import { formatClockWithSeconds } from './labels';
import { StockAlerts } from './StockAlerts';
import { useLiveDashboard } from './use-live-dashboard';
import { WindowFigures } from './WindowFigures';
import './dashboard.css';

const CONNECTION_LABELS: Record<LiveConnectionState, string> = {
  idle: 'Connecting…',
  connected: 'Live',
  // Pushes are lost meanwhile; the figures are read again once the socket is back.
  reconnecting: 'Reconnecting…',
};

/** The shop at a glance for staff: the last hour and the last day, and what is running out; live. */
export function DashboardScreen() {
  usePageTitle('Dashboard');
  const { dashboard, loading, error } = useLiveDashboard();
  const connection = useLiveConnection();
  return (
    <section className="dashboard" aria-labelledby="dashboard-heading">
      <header className="dashboard-header">
        <h1 id="dashboard-heading">Dashboard</h1>
        {dashboard && (
          <p className="muted" role="status" data-testid="dashboard-updated">
            {CONNECTION_LABELS[connection]} · figures as of {formatClockWithSeconds(dashboard.at)}
          </p>
        )}
      </header>
      {error && <ErrorMessage error={error} />}
      {loading && !dashboard && <p aria-busy="true">Loading the dashboard…</p>}
      {dashboard && (
        <>
          <div className="dashboard-windows">
            <WindowFigures id="hour" title="Last hour" window={dashboard.lastHour} step="minute" />
            <WindowFigures id="day" title="Last day" window={dashboard.lastDay} step="hour" />
          </div>
          <StockAlerts stockAlerts={dashboard.stockAlerts} stockAlertCount={dashboard.stockAlertCount} lowStockThreshold={dashboard.lowStockThreshold} />
        </>
      )}
    </section>
  );
}
