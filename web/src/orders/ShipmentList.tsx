import type { OrderFieldsFragment, ShipmentStatus } from '../gql/graphql';
import { formatDateTime } from '../shared/format-date-time';

type Shipment = OrderFieldsFragment['shipments'][number];

const SHIPMENT_STATUS_TEXT: Record<ShipmentStatus, string> = {
  PENDING: 'Being packed',
  SHIPPED: 'On its way',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

function ShipmentCard({ shipment, index }: { shipment: Shipment; index: number }) {
  const when = shipment.deliveredAt ?? shipment.shippedAt;
  return (
    <li className="shipment" aria-label={`Shipment ${index + 1}`}>
      <p className="shipment-head">
        <strong>{SHIPMENT_STATUS_TEXT[shipment.status]}</strong>
        {when && <span className="muted"> · {formatDateTime(when)}</span>}
      </p>
      <p>
        {shipment.carrier}
        {shipment.trackingNumber ? (
          <>
            {' '}
            · tracking number <span data-testid="tracking-number">{shipment.trackingNumber}</span>
          </>
        ) : (
          shipment.status === 'PENDING' && <span className="muted"> · tracking number once it ships</span>
        )}
      </p>
      <p className="muted">{shipment.lines.map((line) => `${line.quantity} × ${line.sku}`).join(', ')}</p>
    </li>
  );
}

/** Every shipment of the order, oldest first, cancelled ones included so nothing vanishes unexplained. */
export function ShipmentList({ shipments }: { shipments: Shipment[] }) {
  return (
    <section className="order-section" aria-labelledby="shipments-heading">
      <h2 id="shipments-heading">Shipments</h2>
      {shipments.length === 0 ? (
        <p className="muted">Nothing has been shipped yet.</p>
      ) : (
        <ul className="shipments" aria-label="Shipments">
          {shipments.map((shipment, index) => (
            <ShipmentCard key={shipment.id} shipment={shipment} index={index} />
          ))}
        </ul>
      )}
    </section>
  );
}
