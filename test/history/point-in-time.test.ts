import { describe, expect, it } from 'vitest';
import { redact } from '../../server/src/history/redaction';
import { correlationOf } from '../../server/src/history/correlation';
import { pointInTime } from '../../server/src/ordering/order-time-travel';
import { BadUserInputError } from '../../server/src/shared/errors';

describe('pointInTime', () => {
  it('is null without asOf and version, so the read table answers', () => {
    expect(pointInTime({})).toBeNull();
    expect(pointInTime({ asOf: null, version: null })).toBeNull();
  });

  it('takes either a moment or a version of 1 or more', () => {
    const asOf = new Date('2026-11-23T10:00:00.000Z');
    expect(pointInTime({ asOf })).toEqual({ asOf });
    expect(pointInTime({ version: 1 })).toEqual({ version: 1 });
  });

  it('refuses both at once, and versions below 1', () => {
    expect(() => pointInTime({ asOf: new Date(), version: 2 })).toThrow(BadUserInputError);
    expect(() => pointInTime({ version: 0 })).toThrow(BadUserInputError);
    expect(() => pointInTime({ version: -1 })).toThrow(BadUserInputError);
  });
});

describe('history correlation and redaction', () => {
  it('finds the order id and the related ids an event carries, whatever its type', () => {
    const orderId = '0b8e4a5c-1d2e-4f00-8a9b-123456789abc';
    expect(correlationOf({ orderId, paymentId: 'p', sku: 'X', shipmentId: 's' })).toEqual({ orderId, related: ['p', 's'] });
    expect(correlationOf({ reservationId: 'r', checkoutId: 'r' })).toEqual({ orderId: undefined, related: ['r'] });
    expect(correlationOf({ orderId: 'not-a-uuid' })).toEqual({ orderId: undefined, related: [] });
    expect(correlationOf(null)).toEqual({ orderId: undefined, related: [] });
  });

  it('masks tokens and secrets at any depth and leaves the rest alone', () => {
    expect(redact({ paymentToken: 'tok_visa', total: { amount: 1 }, lines: [{ apiSecret: 'x', sku: 'A' }], trackingNumber: 'T1' })).toEqual({
      paymentToken: '[redacted]',
      total: { amount: 1 },
      lines: [{ apiSecret: '[redacted]', sku: 'A' }],
      trackingNumber: 'T1',
    });
  });
});
