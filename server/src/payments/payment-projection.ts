import type { Projection } from '../projector/projection';
import { ORDER_PAYMENT_UPDATED, PAYMENT_UPDATED, paymentEventTypes, type PaymentEvent } from './events';
import { statusAfterCapture, statusAfterRefund } from './payment-decider';

/** Payments as the API lists and shows them, with what was authorized, captured and refunded. */
export const paymentProjection: Projection = {
  name: 'payments',
  tables: ['payments'],
  eventTypes: paymentEventTypes,
  async apply(recorded, { trx, changed }) {
    const event = recorded as unknown as PaymentEvent & typeof recorded;
    const tenantId = recorded.tenantId;
    const row = () => trx('payments').where({ tenant_id: tenantId, id: event.data.paymentId });
    let orderId: string;
    if (event.type === 'PaymentCreated') {
      const { paymentId, amount } = event.data;
      orderId = event.data.orderId;
      await trx('payments').insert({
        tenant_id: tenantId,
        id: paymentId,
        seq: recorded.position,
        order_id: orderId,
        status: 'PENDING',
        currency: amount.currency,
        amount: amount.amount,
        created_at: recorded.recordedAt,
        updated_at: recorded.recordedAt,
      });
    } else {
      const current = await row().first('order_id', 'amount_authorized', 'amount_captured');
      if (!current) throw new Error(`payment ${event.data.paymentId} is not in the read model`);
      orderId = current.order_id;
      await row().update({ ...changes(event, current), updated_at: recorded.recordedAt });
    }
    changed({ topic: PAYMENT_UPDATED, id: event.data.paymentId, tenantId });
    changed({ topic: ORDER_PAYMENT_UPDATED, id: orderId, tenantId });
  },
};

function changes(event: PaymentEvent, current: { amount_authorized: number; amount_captured: number }): Record<string, unknown> {
  switch (event.type) {
    case 'PaymentAuthorized':
      return { status: 'AUTHORIZED', amount_authorized: event.data.amount.amount };
    case 'PaymentDeclined':
      return { status: 'DECLINED', decline_code: event.data.declineCode, bank: event.data.bank };
    case 'PaymentCaptured':
      return { status: statusAfterCapture(event.data.totalCaptured.amount, current.amount_authorized), amount_captured: event.data.totalCaptured.amount };
    case 'PaymentRefunded':
      return { status: statusAfterRefund(event.data.totalRefunded.amount, current.amount_captured), amount_refunded: event.data.totalRefunded.amount };
    case 'PaymentVoided':
      return { status: 'VOIDED' };
    case 'PaymentCreated':
      return {};
  }
}
