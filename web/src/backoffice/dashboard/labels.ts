import type { CheckoutFailureReason } from '../../gql/graphql';

export const FAILURE_REASON_LABELS: Record<CheckoutFailureReason, string> = {
  OUT_OF_STOCK: 'Out of stock',
  PAYMENT_DECLINED: 'Payment declined',
  PAYMENT_ERROR: 'Payment error',
  RESERVATION_EXPIRED: 'Reservation expired',
};

const counts = new Intl.NumberFormat();
export const formatCount = (n: number) => counts.format(n);

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
export const formatClock = (iso: string) => clock.format(new Date(iso));

const clockWithSeconds = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const formatClockWithSeconds = (iso: string) => clockWithSeconds.format(new Date(iso));
