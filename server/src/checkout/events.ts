import type { Money } from '../shared/money';

export type CheckoutStatus = 'STARTED' | 'RESERVING_STOCK' | 'STOCK_RESERVED' | 'AUTHORIZING_PAYMENT' | 'COMPLETED' | 'FAILED';
export type CheckoutFailureReason = 'OUT_OF_STOCK' | 'PAYMENT_DECLINED' | 'PAYMENT_ERROR' | 'RESERVATION_EXPIRED';

export interface CheckoutLine {
  sku: string;
  quantity: number;
}

/** The checkout process records each step it takes, so a restart resumes exactly where it stopped. */
export type CheckoutEvent =
  | {
      type: 'CheckoutStarted';
      data: {
        checkoutId: string;
        orderId: string;
        attempt: number;
        lines: CheckoutLine[];
        total: Money;
        /** Where the payment token waits for the authorization (the payments' token vault); the token itself never enters the log. */
        paymentTokenRef?: string;
        /** Only in checkouts started before the vault: the token itself (the audit trail redacts it). */
        paymentToken?: string;
      };
    }
  | { type: 'CheckoutStockReservationRequested'; data: { checkoutId: string; reservationId: string } }
  | { type: 'CheckoutStockReserved'; data: { checkoutId: string; reservationId: string } }
  | { type: 'CheckoutStockUnavailable'; data: { checkoutId: string; skus: string[] } }
  | { type: 'CheckoutPaymentAuthorizationRequested'; data: { checkoutId: string; paymentId: string; amount: Money } }
  | { type: 'CheckoutPaymentAuthorized'; data: { checkoutId: string; paymentId: string } }
  | { type: 'CheckoutPaymentDeclined'; data: { checkoutId: string; paymentId: string; declineCode: string; bank: string | null } }
  | { type: 'CheckoutPaymentFailed'; data: { checkoutId: string; paymentId: string; error: string } }
  | { type: 'CheckoutCompleted'; data: { checkoutId: string; orderId: string; paymentId: string } }
  | {
      type: 'CheckoutFailed';
      data: { checkoutId: string; orderId: string; reason: CheckoutFailureReason; outOfStockSkus: string[]; declineCode: string | null };
    };

export const checkoutEventTypes: readonly CheckoutEvent['type'][] = [
  'CheckoutStarted',
  'CheckoutStockReservationRequested',
  'CheckoutStockReserved',
  'CheckoutStockUnavailable',
  'CheckoutPaymentAuthorizationRequested',
  'CheckoutPaymentAuthorized',
  'CheckoutPaymentDeclined',
  'CheckoutPaymentFailed',
  'CheckoutCompleted',
  'CheckoutFailed',
];

export const checkoutStreamId = (checkoutId: string) => `checkout-${checkoutId}`;
export const CHECKOUT_STATUS_CHANGED = 'CHECKOUT_STATUS_CHANGED';
