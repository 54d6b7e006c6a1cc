import { useRef } from 'react';
import { AccountMenu } from '../auth/AccountMenu';
import { RequireSignIn } from '../auth/RequireSignIn';
import { SignInPage } from '../auth/SignInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { ChangePasswordPage } from '../auth/ChangePasswordPage';
import { ForgotPasswordPage } from '../auth/ForgotPasswordPage';
import { ResetPasswordPage } from '../auth/ResetPasswordPage';
import { BackOffice, BackOfficeNavLink } from '../backoffice/BackOffice';
import { CatalogPage } from '../catalog/CatalogPage';
import { OrderPage } from '../orders/OrderPage';
import { OrdersPage } from '../orders/OrdersPage';
import { NavLink } from './NavLink';
import { NotFoundPage } from './NotFoundPage';
import { routeTitle } from './route-titles';
import { matchRoute, paths, type Route } from './routes';
import { usePathname } from './router';
import { useFocusHeadingOnNavigation } from './use-focus-heading';
import { usePageTitle } from './use-page-title';

function CurrentPage({ route }: { route: Route }) {
  usePageTitle(routeTitle(route), { fallback: true });
  switch (route.page) {
    case 'catalog':
      return <CatalogPage />;
    case 'orders':
      return (
        <RequireSignIn notice="orders">
          <OrdersPage />
        </RequireSignIn>
      );
    case 'order':
      return (
        <RequireSignIn notice="orders">
          <OrderPage key={route.orderId} orderId={route.orderId} />
        </RequireSignIn>
      );
    case 'sign-in':
      return <SignInPage />;
    case 'sign-up':
      return <SignUpPage />;
    case 'forgot-password':
      return <ForgotPasswordPage />;
    case 'reset-password':
      return <ResetPasswordPage />;
    case 'change-password':
      return (
        <RequireSignIn notice="account">
          <ChangePasswordPage />
        </RequireSignIn>
      );
    case 'not-found':
      return <NotFoundPage />;
    case 'backoffice':
      return <BackOffice screen={route.screen} />;
  }
}

export function App() {
  const pathname = usePathname();
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(pathname, main);
  return (
    <>
      <header className="site-header">
        <span className="brand">Ordercast</span>
        <nav aria-label="Main">
          <NavLink to={paths.catalog()}>Catalog</NavLink>
          <NavLink to={paths.orders()}>Orders</NavLink>
          <BackOfficeNavLink />
        </nav>
        <AccountMenu />
      </header>
      <main className="page" ref={main}>
        <CurrentPage route={matchRoute(pathname)} />
      </main>
    </>
  );
}
