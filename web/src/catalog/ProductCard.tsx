import { graphql } from '../gql';
import type { CatalogProductFragment } from '../gql/graphql';
import { VariantRow } from './VariantRow';

export const CatalogProduct = graphql(`
  fragment CatalogProduct on Product {
    id
    name
    description
    variants {
      id
      sku
      name
      price {
        amount
        currency
      }
      available
    }
  }
`);

export function ProductCard({ product, orderId }: { product: CatalogProductFragment; orderId: string | null }) {
  const headingId = `product-${product.id}`;
  return (
    <article className="product-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{product.name}</h2>
      {product.description && <p className="muted">{product.description}</p>}
      <ul className="variant-list" aria-label={`Variants of ${product.name}`}>
        {product.variants.map((variant) => (
          <VariantRow key={variant.id} productName={product.name} variant={variant} orderId={orderId} />
        ))}
      </ul>
    </article>
  );
}
