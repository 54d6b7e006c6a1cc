import { useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { ConfirmAction, InputError } from './ConfirmAction';
import { ConsoleCreateShipment } from './console-operations';
import { unitsLeftToShip } from './console-state';

type Order = ConsoleOrderFieldsFragment;

/** A new shipment of some or all units not yet in one; every line starts with all of its units. */
export function CreateShipmentAction({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const client = useApolloClient();
  const [carrier, setCarrier] = useState('DHL');
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const left = unitsLeftToShip(order);
  const open = order.items.filter((item) => (left.get(item.variantId) ?? 0) > 0);

  return (
    <ConfirmAction
      label="Create shipment"
      confirmLabel="Confirm shipment"
      question="Create a pending shipment of these units?"
      onOpen={() => setQuantities(Object.fromEntries(open.map((item) => [item.variantId, String(left.get(item.variantId) ?? 0)])))}
      run={async () => {
        const lines = open
          .map((item) => ({ variantId: item.variantId, quantity: Number(quantities[item.variantId] ?? 0) }))
          .filter((line) => line.quantity !== 0);
        if (lines.some((line) => !Number.isInteger(line.quantity))) throw new InputError('Quantities are whole numbers.');
        if (lines.length === 0) throw new InputError('Put at least one unit in the shipment.');
        if (!carrier.trim()) throw new InputError('Name the carrier.');
        await client.mutate({ mutation: ConsoleCreateShipment, variables: { orderId: order.id, carrier: carrier.trim(), lines } });
        onChanged();
      }}
    >
      <label className="console-input">
        <span>Carrier</span>
        <input value={carrier} onChange={(event) => setCarrier(event.target.value)} />
      </label>
      <fieldset className="console-lines">
        <legend>Units to ship</legend>
        {open.map((item) => (
          <label key={item.variantId} className="console-input">
            <span>
              {item.productName} – {item.variantName} ({item.sku}), {left.get(item.variantId)} left
            </span>
            <input
              type="number"
              min={0}
              max={left.get(item.variantId)}
              value={quantities[item.variantId] ?? ''}
              onChange={(event) => setQuantities({ ...quantities, [item.variantId]: event.target.value })}
            />
          </label>
        ))}
      </fieldset>
    </ConfirmAction>
  );
}
