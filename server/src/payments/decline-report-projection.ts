import type { Projection } from '../projector/projection';
import type { PaymentEvent } from './events';

type PaymentDeclined = Extract<PaymentEvent, { type: 'PaymentDeclined' }>;

/** The UTC calendar day of a moment, as YYYY-MM-DD. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Declines counted and summed per UTC day, decline code, bank and currency. */
export const declineReportProjection: Projection = {
  name: 'payment_declines',
  tables: ['payment_declines_daily'],
  eventTypes: ['PaymentDeclined'],
  async apply(recorded, { trx }) {
    const { data } = recorded as unknown as PaymentDeclined;
    await trx.raw(
      `INSERT INTO payment_declines_daily (tenant_id, day, decline_code, bank, currency, count, total_amount)
       VALUES (?, ?::date, ?, ?, ?, 1, ?)
       ON CONFLICT (tenant_id, day, decline_code, bank, currency)
       DO UPDATE SET count = payment_declines_daily.count + 1, total_amount = payment_declines_daily.total_amount + EXCLUDED.total_amount`,
      [recorded.tenantId, utcDay(new Date(recorded.recordedAt)), data.declineCode, data.bank, data.amount.currency, data.amount.amount],
    );
  },
};
