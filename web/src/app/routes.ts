export type Route =
  | { page: 'catalog' }
  | { page: 'orders' }
  | { page: 'order'; orderId: string }
  | { page: 'sign-in' }
  | { page: 'sign-up' }
  | { page: 'forgot-password' }
  | { page: 'reset-password' }
  | { page: 'change-password' }
  | { page: 'not-found' }
  | { page: 'backoffice'; screen: BackOfficeScreen };

/** Back-office screens: STAFF and ADMIN only (staff accounts: ADMIN only). */
export type BackOfficeScreen =
  | { name: 'dashboard' }
  | { name: 'orders' }
  | { name: 'order'; orderId: string }
  | { name: 'inventory' }
  | { name: 'catalog' }
  | { name: 'payments' }
  | { name: 'staff' };

/** Why the sign-in page is shown, when it is not the visitor's own idea. */
export type SignInNotice = 'expired' | 'order' | 'orders' | 'account';

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export const paths = {
  catalog: () => '/',
  orders: () => '/orders',
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
  /** `next`: where to go once signed in. */
  signIn: (options: { next?: string; notice?: SignInNotice } = {}) => withQuery('/sign-in', options),
  signUp: (options: { next?: string } = {}) => withQuery('/sign-up', options),
  forgotPassword: () => '/forgot-password',
  /** The reset mail links here with the token in the fragment. */
  resetPassword: () => '/reset-password',
  changePassword: () => '/account/password',
  backOffice: {
    dashboard: () => '/admin',
    orders: () => '/admin/orders',
    order: (orderId: string) => `/admin/orders/${encodeURIComponent(orderId)}`,
    inventory: () => '/admin/inventory',
    catalog: () => '/admin/catalog',
    payments: () => '/admin/payments',
    staff: () => '/admin/staff',
  },
};

function matchBackOffice(pathname: string): BackOfficeScreen | null {
  const rest = pathname.replace(/\/+$/, '');
  if (rest === '/admin') return { name: 'dashboard' };
  const order = /^\/admin\/orders\/([^/]+)$/.exec(rest);
  if (order) return { name: 'order', orderId: decodeURIComponent(order[1]) };
  const screen = /^\/admin\/(orders|inventory|catalog|payments|staff)$/.exec(rest);
  return screen ? ({ name: screen[1] } as BackOfficeScreen) : null;
}

/** Only a path of this app may be a redirect target: never another origin. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return paths.catalog();
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up')) return paths.catalog();
  return next;
}

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'catalog' };
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    const screen = matchBackOffice(pathname);
    return screen ? { page: 'backoffice', screen } : { page: 'not-found' };
  }
  if (pathname === '/orders' || pathname === '/orders/') return { page: 'orders' };
  if (pathname === '/sign-in' || pathname === '/sign-in/') return { page: 'sign-in' };
  if (pathname === '/sign-up' || pathname === '/sign-up/') return { page: 'sign-up' };
  if (pathname === '/forgot-password' || pathname === '/forgot-password/') return { page: 'forgot-password' };
  if (pathname === '/reset-password' || pathname === '/reset-password/') return { page: 'reset-password' };
  if (pathname === '/account/password' || pathname === '/account/password/') return { page: 'change-password' };
  const order = /^\/orders\/([^/]+)\/?$/.exec(pathname);
  if (order) return { page: 'order', orderId: decodeURIComponent(order[1]) };
  return { page: 'not-found' };
}
