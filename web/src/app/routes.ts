export type Route =
  | { page: 'catalog' }
  | { page: 'orders' }
  | { page: 'order'; orderId: string }
  | { page: 'sign-in' }
  | { page: 'sign-up' }
  | { page: 'not-found' };

/** Why the sign-in page is shown, when it is not the visitor's own idea. */
export type SignInNotice = 'expired' | 'order' | 'orders';

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
};

/** Only a path of this app may be a redirect target: never another origin. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return paths.catalog();
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up')) return paths.catalog();
  return next;
}

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'catalog' };
  if (pathname === '/orders' || pathname === '/orders/') return { page: 'orders' };
  if (pathname === '/sign-in' || pathname === '/sign-in/') return { page: 'sign-in' };
  if (pathname === '/sign-up' || pathname === '/sign-up/') return { page: 'sign-up' };
  const order = /^\/orders\/([^/]+)\/?$/.exec(pathname);
  if (order) return { page: 'order', orderId: decodeURIComponent(order[1]) };
  return { page: 'not-found' };
}
