export type Route = { page: 'catalog' } | { page: 'orders' } | { page: 'order'; orderId: string } | { page: 'not-found' };

export const paths = {
  catalog: () => '/',
  orders: () => '/orders',
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
};

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'catalog' };
  if (pathname === '/orders' || pathname === '/orders/') return { page: 'orders' };
  const order = /^\/orders\/([^/]+)\/?$/.exec(pathname);
  if (order) return { page: 'order', orderId: decodeURIComponent(order[1]) };
  return { page: 'not-found' };
}
