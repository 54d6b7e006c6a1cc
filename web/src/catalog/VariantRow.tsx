import type { CatalogProductFragment } from '../gql/graphql';
import { formatMoney } from '../shared/format-money';
import { AddToOrderButton } from './AddToOrderButton';
import { StockBadge } from './StockBadge';

type Variant = CatalogProductFragment['variants'][number];

export function VariantRow({ productName, variant, orderId }: { productName: string; variant: Variant; orderId: string | null }) {
  return (
    <li className="variant">
      <span className="variant-name">
        {variant.name}
        <span className="muted sku">{variant.sku}</span>
      </span>
      <span className="variant-buy">
        <span className="price">{formatMoney(variant.price)}</span>
        <StockBadge available={variant.available} />
        <AddToOrderButton orderId={orderId} variantId={variant.id} itemName={`${productName} – ${variant.name}`} soldOut={variant.available <= 0} />
      </span>
    </li>
  );
}
