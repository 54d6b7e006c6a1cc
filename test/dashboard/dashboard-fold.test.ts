import { describe, expect, it } from 'vitest';
import { minuteOf } from '../../server/src/dashboard/buckets';
import { foldIncrements } from '../../server/src/dashboard/dashboard-fold';
import { LAST_DAY, LAST_HOUR, summarizeWindow } from '../../server/src/dashboard/dashboard-windows';
import type { RecordedEvent } from '../../server/src/eventstore/types';

let position = 0;
function recorded(type: string, data: unknown, recordedAt: string, tenantId = 'demo'): RecordedEvent {
  position += 1;
  return { position, transactionId: String(position), tenantId, streamId: `s-${position}`, streamType: 'X', streamVersion: 1, type, data, metadata: {}, recordedAt: new Date(recordedAt) };
}
const placed = (amount: number, currency: string, at: string, tenantId?: string) =>
  recorded('OrderPlaced', { orderId: 'o', checkoutId: 'c', paymentId: 'p', total: { amount, currency } }, at, tenantId);
const failed = (reason: string, at: string) => recorded('CheckoutFailed', { checkoutId: 'c', orderId: 'o', reason, outOfStockSkus: [], declineCode: null }, at);

describe('dashboard buckets', () => {
  it('puts an event in the minute of its recorded time', () => {
    expect(minuteOf(new Date('2026-11-30T12:34:59.999Z')).toISOString()).toBe('2026-11-30T12:34:00.000Z');
    expect(minuteOf(new Date('2026-11-30T12:35:00.000Z')).toISOString()).toBe('2026-11-30T12:35:00.000Z');
  });

  it('sums a batch into one increment per shop, minute and currency or reason', () => {
    const { orders, failures, tenants } = foldIncrements([
      placed(1000, 'EUR', '2026-11-30T12:00:10Z'),
      placed(250, 'EUR', '2026-11-30T12:00:50Z'),
      placed(700, 'USD', '2026-11-30T12:00:20Z'),
      placed(100, 'EUR', '2026-11-30T12:01:00Z'),
      placed(999, 'EUR', '2026-11-30T12:00:30Z', 'other'),
      failed('OUT_OF_STOCK', '2026-11-30T12:00:05Z'),
      failed('OUT_OF_STOCK', '2026-11-30T12:00:06Z'),
      failed('PAYMENT_DECLINED', '2026-11-30T12:00:07Z'),
      recorded('ItemAddedToOrder', {}, '2026-11-30T12:00:00Z', 'untouched'),
    ]);
    expect(orders).toEqual([
      { tenant_id: 'demo', bucket_start: '2026-11-30T12:00:00.000Z', currency: 'EUR', orders_placed: 2, revenue_minor: 1250 },
      { tenant_id: 'demo', bucket_start: '2026-11-30T12:00:00.000Z', currency: 'USD', orders_placed: 1, revenue_minor: 700 },
      { tenant_id: 'demo', bucket_start: '2026-11-30T12:01:00.000Z', currency: 'EUR', orders_placed: 1, revenue_minor: 100 },
      { tenant_id: 'other', bucket_start: '2026-11-30T12:00:00.000Z', currency: 'EUR', orders_placed: 1, revenue_minor: 999 },
    ]);
    expect(failures).toEqual([
      { tenant_id: 'demo', bucket_start: '2026-11-30T12:00:00.000Z', reason: 'OUT_OF_STOCK', failures: 2 },
      { tenant_id: 'demo', bucket_start: '2026-11-30T12:00:00.000Z', reason: 'PAYMENT_DECLINED', failures: 1 },
    ]);
    expect(tenants).toEqual(['demo', 'other']);
  });
});

describe('dashboard windows', () => {
  const now = new Date('2026-11-30T12:30:20Z');
  const minute = (iso: string, ordersPlaced: number, revenueMinor: number, currency = 'EUR') => ({ bucketStart: new Date(iso), currency, ordersPlaced, revenueMinor });
  const orders = [
    minute('2026-11-30T12:30:00Z', 2, 2000),
    minute('2026-11-30T11:31:00Z', 1, 500, 'USD'),
    minute('2026-11-30T11:30:00Z', 4, 4000),
    minute('2026-11-29T12:31:00Z', 8, 8000),
    minute('2026-11-29T12:30:00Z', 16, 16000),
  ];
  const failures = [
    { bucketStart: new Date('2026-11-30T12:00:00Z'), reason: 'PAYMENT_ERROR', failures: 3 },
    { bucketStart: new Date('2026-11-30T10:00:00Z'), reason: 'RESERVATION_EXPIRED', failures: 1 },
  ];

  it('takes the whole minutes up to the current one: 60 for the hour, 1440 for the day', () => {
    const hour = summarizeWindow(LAST_HOUR, now, orders, failures);
    expect(hour.from.toISOString()).toBe('2026-11-30T11:31:00.000Z');
    expect(hour.to.toISOString()).toBe('2026-11-30T12:31:00.000Z');
    expect(hour.ordersPlaced).toBe(3);
    expect(hour.revenue).toEqual([
      { amount: 2000, currency: 'EUR' },
      { amount: 500, currency: 'USD' },
    ]);
    expect(hour.failuresByReason).toEqual([
      { reason: 'OUT_OF_STOCK', count: 0 },
      { reason: 'PAYMENT_DECLINED', count: 0 },
      { reason: 'PAYMENT_ERROR', count: 3 },
      { reason: 'RESERVATION_EXPIRED', count: 0 },
    ]);
    expect(hour.checkoutsFailed).toBe(3);
    expect(hour.ordersOverTime).toHaveLength(60);
    expect(hour.ordersOverTime[0]).toEqual({ start: new Date('2026-11-30T11:31:00Z'), ordersPlaced: 1 });
    expect(hour.ordersOverTime[59]).toEqual({ start: new Date('2026-11-30T12:30:00Z'), ordersPlaced: 2 });

    const day = summarizeWindow(LAST_DAY, now, orders, failures);
    expect(day.from.toISOString()).toBe('2026-11-29T12:31:00.000Z');
    expect(day.ordersPlaced).toBe(15);
    expect(day.revenue).toEqual([
      { amount: 14000, currency: 'EUR' },
      { amount: 500, currency: 'USD' },
    ]);
    expect(day.checkoutsFailed).toBe(4);
    expect(day.ordersOverTime).toHaveLength(24);
    expect(day.ordersOverTime[0]).toEqual({ start: new Date('2026-11-29T12:31:00Z'), ordersPlaced: 8 });
    expect(day.ordersOverTime[22]).toEqual({ start: new Date('2026-11-30T10:31:00Z'), ordersPlaced: 4 });
    expect(day.ordersOverTime[23]).toEqual({ start: new Date('2026-11-30T11:31:00Z'), ordersPlaced: 3 });
  });
});
