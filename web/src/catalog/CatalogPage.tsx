import { useState } from 'react';
import { useSession } from '../auth/session';
import { OrderPanel } from '../orders/OrderPanel';
import { StartOrderButton } from '../orders/StartOrderButton';
import { useCurrentOrderId } from '../orders/current-order';
import { useOrder } from '../orders/use-order';
import { ProductList } from './ProductList';
import { SearchForm } from './SearchForm';

/** Published products next to the shopper's current order. */
export function CatalogPage() {
  const [search, setSearch] = useState('');
  const signedIn = useSession() !== null;
  const [storedOrderId] = useCurrentOrderId();
  // A visitor has no orders; a draft id left from an earlier session is not theirs.
  const orderId = signedIn ? storedOrderId : null;
  const { order } = useOrder(orderId);
  const orderable = order?.status === 'DRAFT' ? order.id : null;

  return (
    <div className="catalog-layout">
      <section aria-labelledby="catalog-heading" className="catalog">
        <h1 id="catalog-heading">Catalog</h1>
        <SearchForm initial={search} onSearch={setSearch} />
        <ProductList search={search} orderId={orderable} />
      </section>
      <aside className="order-aside" aria-label="Current order">
        {orderId ? (
          <>
            <OrderPanel orderId={orderId} title="Your order" />
            <StartOrderButton label="Start a new order" primary={false} />
          </>
        ) : (
          <section aria-labelledby="no-order-heading" className="order-panel">
            <h2 id="no-order-heading">Your order</h2>
            <p className="muted">{signedIn ? 'Start an order to add products to it.' : 'Sign in or create an account to start an order.'}</p>
            <StartOrderButton />
          </section>
        )}
      </aside>
    </div>
  );
}
