import { useMutation } from '@apollo/client/react';
import { graphql } from '../gql';
import type { OrderFieldsFragment } from '../gql/graphql';
import { ErrorMessage } from '../shared/ErrorMessage';
import { formatMoney } from '../shared/format-money';
import { QuantityStepper } from './QuantityStepper';

const ChangeQuantityMutation = graphql(`
  mutation ChangeOrderItemQuantity($orderId: ID!, $variantId: ID!, $quantity: Int!) {
    changeOrderItemQuantity(orderId: $orderId, variantId: $variantId, quantity: $quantity) {
      ...OrderFields
    }
  }
`);

const RemoveItemMutation = graphql(`
  mutation RemoveOrderItem($orderId: ID!, $variantId: ID!) {
    removeOrderItem(orderId: $orderId, variantId: $variantId) {
      ...OrderFields
    }
  }
`);

type OrderItem = OrderFieldsFragment['items'][number];

export function OrderItemRow({ orderId, item, editable }: { orderId: string; item: OrderItem; editable: boolean }) {
  const [changeQuantity, change] = useMutation(ChangeQuantityMutation);
  const [removeItem, remove] = useMutation(RemoveItemMutation);
  const busy = change.loading || remove.loading;
  const error = change.error ?? remove.error;
  const name = `${item.productName} – ${item.variantName}`;

  const run = (action: () => Promise<unknown>) => {
    change.reset();
    remove.reset();
    // Failures are rendered from the mutations' error state.
    action().catch(() => {});
  };

  return (
    <li className="order-item">
      <div className="order-item-name">
        <span>{item.productName}</span>
        <span className="muted">
          {item.variantName} · {item.sku} · {formatMoney(item.unitPrice)} each
        </span>
      </div>
      {editable ? (
        <QuantityStepper
          quantity={item.quantity}
          itemName={name}
          disabled={busy}
          onChange={(quantity) => run(() => changeQuantity({ variables: { orderId, variantId: item.variantId, quantity } }))}
        />
      ) : (
        <span className="quantity">× {item.quantity}</span>
      )}
      <span className="line-total">{formatMoney(item.lineTotal)}</span>
      {editable && (
        <button
          type="button"
          className="link-button"
          aria-label={`Remove ${name} from the order`}
          disabled={busy}
          onClick={() => run(() => removeItem({ variables: { orderId, variantId: item.variantId } }))}
        >
          Remove
        </button>
      )}
      {error && (
        <ErrorMessage
          error={error}
          onDismiss={() => {
            change.reset();
            remove.reset();
          }}
        />
      )}
    </li>
  );
}
