/**
 * Ids in event data that tie an event to an order. Any event carrying one of them is linked,
 * whatever its type, so a new event type needs no change here.
 */
export const ORDER_KEY = 'orderId';
export const RELATED_KEYS = ['checkoutId', 'paymentId', 'shipmentId', 'reservationId'] as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Correlation {
  /** The order the event names itself, if any (only well-formed ids: the read table keys on uuid). */
  orderId: string | undefined;
  /** Checkout, payment, shipment and reservation ids it carries. */
  related: string[];
}

export function correlationOf(data: unknown): Correlation {
  if (typeof data !== 'object' || data === null) return { orderId: undefined, related: [] };
  const fields = data as Record<string, unknown>;
  const orderId = typeof fields[ORDER_KEY] === 'string' && uuidPattern.test(fields[ORDER_KEY]) ? fields[ORDER_KEY].toLowerCase() : undefined;
  const related = new Set<string>();
  for (const key of RELATED_KEYS) {
    const value = fields[key];
    if (typeof value === 'string' && value.length > 0) related.add(value);
  }
  return { orderId, related: [...related] };
}
