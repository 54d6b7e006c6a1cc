import { navigate } from '../app/router';
import { useSession } from '../auth/session';
import { OrderBar } from '../orders/OrderBar';
import { OrderPanel } from '../orders/OrderPanel';
import { useCurrentOrderId } from '../orders/current-order';
import { useOrder } from '../orders/use-order';
import { catalogUrl, useCatalogUrl } from './catalog-url';
import { filtersKey, useCatalogFilters, withCatalogFilters } from './catalog-filters';
import { CatalogFilterSelects } from './CatalogFilterSelects';
import { ProductList } from './ProductList';
import { SearchForm } from './SearchForm';
import './catalog.css';

const ORDER_ASIDE_ID = 'current-order';

/** Published products next to the shopper's current order (below it on a phone, with a bar to jump there). */
export function CatalogPage() {
  const { search, pages } = useCatalogUrl();
  const filters = useCatalogFilters();
  const signedIn = useSession() !== null;
  const [storedOrderId] = useCurrentOrderId();
  // A visitor has no orders; a draft id left from an earlier session is not theirs.
  const orderId = signedIn ? storedOrderId : null;
  const { order } = useOrder(orderId);
  // Past its draft (placed, or gone): the next "Add" starts a new order.
  const orderable = order?.status === 'DRAFT' ? order.id : null;

  return (
    <div className="catalog-layout">
      {signedIn && <OrderBar order={order} targetId={ORDER_ASIDE_ID} />}
      <section aria-labelledby="catalog-heading" className="catalog">
        <h1 id="catalog-heading">Catalog</h1>
        <SearchForm key={`search:${search}`} initial={search} onSearch={(text) => navigate(withCatalogFilters(catalogUrl({ search: text }), filters))}>
          <CatalogFilterSelects filters={filters} onChange={(next) => navigate(withCatalogFilters(catalogUrl({ search }), next))} />
        </SearchForm>
        <ProductList key={`${search}|${filtersKey(filters)}`} search={search} filters={filters} pages={pages} orderId={orderable} />
      </section>
      <aside className="order-aside" aria-label="Current order" id={ORDER_ASIDE_ID} tabIndex={-1}>
        {orderId ? (
          <>
            <OrderPanel orderId={orderId} title="Your order" />
            {order && !orderable && <p className="muted">Adding a product starts a new order.</p>}
          </>
        ) : (
          <section aria-labelledby="no-order-heading" className="order-panel">
            <h2 id="no-order-heading">Your order</h2>
            <p className="muted">{signedIn ? 'Your order is empty: add a product to start it.' : 'Sign in or create an account to start an order.'}</p>
          </section>
        )}
      </aside>
    </div>
  );
}
