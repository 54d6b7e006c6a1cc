import { RequireSignIn } from '../auth/RequireSignIn';
import { NavLink } from '../app/NavLink';
import { paths, type BackOfficeScreen } from '../app/routes';
import { DashboardScreen } from './dashboard/DashboardScreen';
import { InventoryScreen } from './inventory/InventoryScreen';
import { CatalogEditorScreen } from './catalog/CatalogEditorScreen';
import { OrdersBoardScreen } from './orders/OrdersBoardScreen';
import { OrderConsoleScreen } from './orders/OrderConsoleScreen';
import { PaymentsScreen } from './payments/PaymentsScreen';
import { StaffScreen } from './staff/StaffScreen';
import { useBackOfficeRole } from './roles';
import './backoffice.css';

/** The header link into the back office: shown to staff and admins only. */
export function BackOfficeNavLink() {
  return useBackOfficeRole() ? (
    <NavLink to={paths.backOffice.dashboard()} section>
      Back office
    </NavLink>
  ) : null;
}

function Forbidden() {
  return (
    <section>
      <h1>Not available</h1>
      <p>This page is for the shop's staff.</p>
    </section>
  );
}

function Screen({ screen, role }: { screen: BackOfficeScreen; role: 'STAFF' | 'ADMIN' }) {
  switch (screen.name) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'orders':
      return <OrdersBoardScreen />;
    case 'order':
      return <OrderConsoleScreen key={screen.orderId} orderId={screen.orderId} />;
    case 'inventory':
      return <InventoryScreen />;
    case 'catalog':
      return role === 'ADMIN' ? <CatalogEditorScreen /> : <Forbidden />;
    case 'payments':
      return <PaymentsScreen />;
    case 'staff':
      return role === 'ADMIN' ? <StaffScreen /> : <Forbidden />;
  }
}

function BackOfficeNav({ role }: { role: 'STAFF' | 'ADMIN' }) {
  const links = paths.backOffice;
  return (
    <nav aria-label="Back office" className="backoffice-nav">
      <NavLink to={links.dashboard()}>Dashboard</NavLink>
      <NavLink to={links.orders()} section>
        Orders board
      </NavLink>
      <NavLink to={links.inventory()}>Inventory</NavLink>
      {role === 'ADMIN' ? <NavLink to={links.catalog()}>Catalog editor</NavLink> : null}
      <NavLink to={links.payments()}>Payments</NavLink>
      {role === 'ADMIN' ? <NavLink to={links.staff()}>Staff</NavLink> : null}
    </nav>
  );
}

function StaffOnly({ screen }: { screen: BackOfficeScreen }) {
  const role = useBackOfficeRole();
  if (!role) return <Forbidden />;
  return (
    <div className="backoffice">
      <BackOfficeNav role={role} />
      <div className="backoffice-screen">
        <Screen screen={screen} role={role} />
      </div>
    </div>
  );
}

export function BackOffice({ screen }: { screen: BackOfficeScreen }) {
  return (
    <RequireSignIn notice="orders">
      <StaffOnly screen={screen} />
    </RequireSignIn>
  );
}
