import { navigate } from '../app/router';
import { paths } from '../app/routes';
import { shortId } from '../shared/short-id';
import { CancelOrderButton } from './CancelOrderButton';
import { useCurrentOrderId } from './current-order';
import { OrderPanel } from './OrderPanel';
import { PaymentSummary } from './PaymentSummary';
import { ShipmentList } from './ShipmentList';
import { useOrder } from './use-order';

/**
 * One order on its own URL, with its payment, shipments (tracking numbers) and a way to cancel it
 * while that is still possible; a draft can be taken back to the catalog to keep shopping.
 */
export function OrderPage({ orderId }: { orderId: string }) {
  const [currentOrderId, setCurrentOrderId] = useCurrentOrderId();
  const { order } = useOrder(orderId);
  const canContinue = order?.status === 'DRAFT' && currentOrderId !== orderId;

  return (
    <div className="order-page">
      <OrderPanel orderId={orderId} title={`Order ${shortId(orderId)}`} headingLevel={1}>
        {order && order.status !== 'DRAFT' && (
          <>
            <PaymentSummary payment={order.payment ?? null} />
            <ShipmentList shipments={order.shipments} />
          </>
        )}
        {order && <CancelOrderButton orderId={order.id} status={order.status} />}
      </OrderPanel>
      {canContinue && (
        <button
          type="button"
          className="button"
          onClick={() => {
            setCurrentOrderId(orderId);
            navigate(paths.catalog());
          }}
        >
          Continue shopping with this order
        </button>
      )}
    </div>
  );
}
