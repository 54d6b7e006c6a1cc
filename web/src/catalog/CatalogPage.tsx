import { useState } from 'react';
import { OrderPanel } from '../orders/OrderPanel';
import { StartOrderButton } from '../orders/StartOrderButton';
import { useCurrentOrderId } from '../orders/current-order';
import { useOrder } from '../orders/use-order';
import { ProductList } from './ProductList';
import { SearchForm } from './SearchForm';

/** Published products next to the shopper's current order. */
export function CatalogPage() {
  const [search, setSearch] = useState('');
  const [orderId] = useCurrentOrderId();
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
            <p className="muted">Start an order to add products to it.</p>
            <StartOrderButton />
          </section>
        )}
      </aside>
    </div>
  );
}
