import { shortId } from '../shared/short-id';
import type { BackOfficeScreen, Route } from './routes';

function backOfficeTitle(screen: BackOfficeScreen): string {
  switch (screen.name) {
    case 'dashboard':
      return 'Dashboard';
    case 'orders':
      return 'Orders board';
    case 'order':
      return `Order ${shortId(screen.orderId)}`;
    case 'inventory':
      return 'Inventory';
    case 'catalog':
      return 'Catalog editor';
    case 'payments':
      return 'Payments';
    case 'staff':
      return 'Staff accounts';
  }
}

/** Every route's document title; a page may name itself more precisely with `usePageTitle`. */
export function routeTitle(route: Route): string {
  switch (route.page) {
    case 'catalog':
      return 'Catalog';
    case 'orders':
      return 'Orders';
    case 'order':
      return `Order ${shortId(route.orderId)}`;
    case 'sign-in':
      return 'Sign in';
    case 'sign-up':
      return 'Create an account';
    case 'forgot-password':
      return 'Forgot your password?';
    case 'reset-password':
      return 'Choose a new password';
    case 'change-password':
      return 'Change your password';
    case 'not-found':
      return 'Page not found';
    case 'backoffice':
      return `${backOfficeTitle(route.screen)} · Back office`;
  }
}
