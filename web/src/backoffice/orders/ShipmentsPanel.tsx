import { useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import type { ConsoleOrderFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../shared/format-date-time';
import { shortId } from '../../shared/short-id';
import { ConfirmAction, InputError } from './ConfirmAction';
import { ConsoleCancelShipment, ConsoleDeliverShipment, ConsoleShipShipment } from './console-operations';
import { CreateShipmentAction } from './CreateShipmentAction';
import { allowedActions } from './console-state';

type Order = ConsoleOrderFieldsFragment;
type Shipment = Order['shipments'][number];

const STATUS_LABELS: Record<Shipment['status'], string> = { PENDING: 'Pending', SHIPPED: 'Shipped', DELIVERED: 'Delivered', CANCELLED: 'Cancelled' };

function ShipmentActions({ shipment, onChanged }: { shipment: Shipment; onChanged: () => void }) {
  const client = useApolloClient();
  const [tracking, setTracking] = useState('');
  const name = `shipment ${shortId(shipment.id)}`;
  if (shipment.status === 'PENDING') {
    return (
      <div className="console-actions">
        <ConfirmAction
          label="Ship"
          confirmLabel="Confirm shipping"
          question={`Mark ${name} as shipped with ${shipment.carrier}? Its units leave stock and their value is captured.`}
          run={async () => {
            if (!tracking.trim()) throw new InputError('Enter the tracking number the carrier gave.');
            await client.mutate({ mutation: ConsoleShipShipment, variables: { shipmentId: shipment.id, trackingNumber: tracking.trim() } });
            onChanged();
          }}
        >
          <label className="console-input">
            <span>Tracking number</span>
            <input value={tracking} onChange={(event) => setTracking(event.target.value)} />
          </label>
        </ConfirmAction>
        <ConfirmAction
          label="Cancel shipment"
          confirmLabel="Confirm cancelling the shipment"
          danger
          question={`Cancel ${name}? Its units can go in another shipment.`}
          run={async () => {
            await client.mutate({ mutation: ConsoleCancelShipment, variables: { shipmentId: shipment.id } });
            onChanged();
          }}
        />
      </div>
    );
  }
  if (shipment.status === 'SHIPPED') {
    return (
      <div className="console-actions">
        <ConfirmAction
          label="Mark delivered"
          confirmLabel="Confirm delivery"
          question={`Record that ${name} arrived?`}
          run={async () => {
            await client.mutate({ mutation: ConsoleDeliverShipment, variables: { shipmentId: shipment.id } });
            onChanged();
          }}
        />
      </div>
    );
  }
  return null;
}

export function ShipmentsPanel({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const allowed = allowedActions(order);
  return (
    <section className="console-card" aria-labelledby="console-shipments">
      <h2 id="console-shipments">Shipments</h2>
      {order.shipments.length === 0 ? <p className="muted">No shipments yet.</p> : null}
      <ul className="console-shipments">
        {order.shipments.map((shipment) => (
          <li key={shipment.id} aria-label={`Shipment ${shortId(shipment.id)}`} data-status={shipment.status}>
            <p className="console-shipment-head">
              <strong>{shortId(shipment.id)}</strong> <span className={`badge console-shipment-${shipment.status.toLowerCase()}`}>{STATUS_LABELS[shipment.status]}</span> {shipment.carrier}
              {shipment.trackingNumber ? (
                <>
                  {' · tracking '}
                  <span data-testid="tracking-number">{shipment.trackingNumber}</span>
                </>
              ) : null}
            </p>
            <p className="muted console-shipment-lines">{shipment.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}</p>
            <p className="muted console-shipment-times">
              Created {formatDateTime(shipment.createdAt)}
              {shipment.shippedAt ? ` · shipped ${formatDateTime(shipment.shippedAt)}` : ''}
              {shipment.deliveredAt ? ` · delivered ${formatDateTime(shipment.deliveredAt)}` : ''}
              {shipment.cancelledAt ? ` · cancelled ${formatDateTime(shipment.cancelledAt)}` : ''}
            </p>
            <ShipmentActions shipment={shipment} onChanged={onChanged} />
          </li>
        ))}
      </ul>
      {allowed.createShipment && <CreateShipmentAction order={order} onChanged={onChanged} />}
    </section>
  );
}
