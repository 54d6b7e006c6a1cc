import type { NotificationKind } from './kinds';

export interface RenderedNotification {
  subject: string;
  body: string;
}

interface Amount {
  amount: number;
  currency: string;
}

const isAmount = (value: unknown): value is Amount =>
  typeof value === 'object' && value !== null && typeof (value as Amount).amount === 'number' && typeof (value as Amount).currency === 'string';

/** Minor units as a plain decimal amount (2 decimals: what the demo currencies use). */
const money = (value: unknown): string => (isAmount(value) ? `${(value.amount / 100).toFixed(2)} ${value.currency}` : '');

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const shortId = (id: string) => id.slice(0, 8);

/** The token goes in the link's fragment, which browsers never send to a server (no access log or Referer keeps it). */
function passwordReset(data: Record<string, unknown>): RenderedNotification {
  const token = text(data.token);
  return {
    subject: 'Reset your password',
    body:
      `Someone asked to reset the password of your account. To choose a new one, open /reset-password#token=${token} in the shop's web app ` +
      `(or send the token to resetPassword) before ${text(data.expiresAt)}. It works once. If you did not ask for this, ignore this message: your password stays as it is.`,
  };
}

/** The mock e-mail for each kind, filled from the causing event's data (for a reset, the token too). */
export function renderNotification(message: { kind: NotificationKind; orderId: string | null; data: Record<string, unknown> }): RenderedNotification {
  const { kind, data } = message;
  if (kind === 'PASSWORD_RESET') return passwordReset(data);
  const order = `order ${shortId(message.orderId ?? '')}`;
  switch (kind) {
    case 'ORDER_PLACED':
      return { subject: `Thank you: ${order} is placed`, body: `We received your ${order}${data.total ? ` over ${money(data.total)}` : ''} and are preparing it.` };
    case 'CHECKOUT_FAILED':
      return { subject: `We could not complete ${order}`, body: `Checkout did not go through (${text(data.reason) || 'unknown reason'}). Your order is kept; you can try again.` };
    case 'SHIPMENT_SHIPPED': {
      const tracking = text(data.trackingNumber);
      const carrier = text(data.carrier);
      return { subject: `Part of ${order} is on its way`, body: `A shipment has left our warehouse${carrier ? ` with ${carrier}` : ''}${tracking ? `, tracking number ${tracking}` : ''}.` };
    }
    case 'SHIPMENT_DELIVERED':
      return { subject: `Delivered: a shipment of ${order}`, body: 'A shipment of your order has been delivered.' };
    case 'ORDER_CANCELLED':
      return { subject: `${order[0]!.toUpperCase()}${order.slice(1)} is cancelled`, body: `Your order was cancelled${text(data.reason) ? `: ${text(data.reason)}` : ''}.` };
    case 'PAYMENT_REFUNDED':
      return { subject: `Refund for ${order}`, body: `We refunded ${money(data.amount) || 'an amount'}${text(data.reason) ? ` (${text(data.reason)})` : ''}.` };
  }
}
