import type { Money } from '../shared/money';

export type PaymentEvent =
  | { type: 'PaymentCreated'; data: { paymentId: string; orderId: string; amount: Money } }
  | { type: 'PaymentAuthorized'; data: { paymentId: string; authorizationId: string; amount: Money } }
  // The declined amount travels with the decline so the decline report needs no other stream.
  | { type: 'PaymentDeclined'; data: { paymentId: string; declineCode: string; bank: string; message: string; amount: Money } }
  // captureId: the caller's key for a capture that must happen once (e.g. a shipment's).
  | { type: 'PaymentCaptured'; data: { paymentId: string; amount: Money; totalCaptured: Money; captureId?: string } }
  | { type: 'PaymentRefunded'; data: { paymentId: string; amount: Money; reason: string; totalRefunded: Money } }
  | { type: 'PaymentVoided'; data: { paymentId: string } };

export const paymentEventTypes: readonly PaymentEvent['type'][] = [
  'PaymentCreated',
  'PaymentAuthorized',
  'PaymentDeclined',
  'PaymentCaptured',
  'PaymentRefunded',
  'PaymentVoided',
];

export const PAYMENT_STREAM_TYPE = 'Payment';
export const paymentStreamId = (paymentId: string) => `payment-${paymentId}`;

/** Change topics: the payment's own view, and the payment as seen from its order. */
export const PAYMENT_UPDATED = 'PAYMENT_UPDATED';
export const ORDER_PAYMENT_UPDATED = 'ORDER_PAYMENT_UPDATED';
