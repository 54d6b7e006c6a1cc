import { useEffect, useRef } from 'react';
import { useQuery, useSubscription } from '@apollo/client/react';
import { ConsoleOrderQuery, ConsoleOrderUpdated, ConsoleShipmentUpdated } from './console-operations';

/**
 * The order with everything the console shows, kept live: every push about the order or one
 * of its shipments reads the whole console again, since a push carries the order but not its
 * nested shipments, history and notifications. Pushes that arrive while a read is under way
 * are answered by one more read after it, not one each.
 */
export function useConsoleOrder(orderId: string) {
  const query = useQuery(ConsoleOrderQuery, { variables: { id: orderId }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: false });
  const refetching = useRef<Promise<unknown> | null>(null);
  const again = useRef(false);
  const refetch = query.refetch;

  const refresh = useRef<() => void>(() => {});
  refresh.current = () => {
    if (refetching.current) {
      again.current = true;
      return;
    }
    refetching.current = refetch()
      .catch(() => {})
      .finally(() => {
        refetching.current = null;
        if (again.current) {
          again.current = false;
          refresh.current();
        }
      });
  };

  const orderPushes = useSubscription(ConsoleOrderUpdated, { variables: { orderId }, onData: () => refresh.current() });
  const shipmentPushes = useSubscription(ConsoleShipmentUpdated, { variables: { orderId }, onData: () => refresh.current() });

  // Read again when the page comes back into view: a phone may have slept through pushes.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && refresh.current();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  return {
    order: query.data?.order ?? null,
    notifications: query.data?.notifications ?? [],
    loaded: query.data !== undefined,
    error: query.error ?? null,
    liveError: orderPushes.error ?? shipmentPushes.error ?? null,
    lastPushedVersion: orderPushes.data?.orderUpdated.version ?? null,
    /** Reads the console again (after an action, say). */
    refresh: () => refresh.current(),
  };
}
