import { describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import { scenariosFor } from '../support/decider';
import type { PaymentEvent } from '../../server/src/payments/events';
import { paymentDecider } from '../../server/src/payments/payment-decider';
import { BadUserInputError, ConflictError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';

const paymentId = '6a1f0c0e-6f5b-4a57-9d0a-0b4a0a7f3c11';
const orderId = '0c6f3a54-2b1e-4c1a-8f0e-7d2b9c1e5a22';
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const scenarios = scenariosFor(paymentDecider);
const given = (...history: PaymentEvent[]) => scenarios.given(history);

const created: PaymentEvent = { type: 'PaymentCreated', data: { paymentId, orderId, amount: eur(10_000) } };
const authorized: PaymentEvent = { type: 'PaymentAuthorized', data: { paymentId, authorizationId: 'auth-1', amount: eur(10_000) } };
const declined: PaymentEvent = {
  type: 'PaymentDeclined',
  data: { paymentId, declineCode: 'insufficient_funds', bank: 'Bank of Testland', message: 'no money', amount: eur(10_000) },
};
const captured = (amount: number, total: number): PaymentEvent => ({ type: 'PaymentCaptured', data: { paymentId, amount: eur(amount), totalCaptured: eur(total) } });
const refunded = (amount: number, total: number): PaymentEvent => ({
  type: 'PaymentRefunded',
  data: { paymentId, amount: eur(amount), reason: 'returned', totalRefunded: eur(total) },
});
const voided: PaymentEvent = { type: 'PaymentVoided', data: { paymentId } };

describe('payment decider: create', () => {
  it('creates a payment', () => {
    given().when({ type: 'CreatePayment', paymentId, orderId, amount: eur(10_000) }).then([created]);
  });

  it('refuses a currency code that is not upper-case ISO 4217', () => {
    given().when({ type: 'CreatePayment', paymentId, orderId, amount: { amount: 5, currency: 'eur' } }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('is a no-op when the same payment is created again', () => {
    given(created).when({ type: 'CreatePayment', paymentId, orderId, amount: eur(10_000) }).thenNothing();
  });

  it('refuses the same id for another order or amount', () => {
    given(created).when({ type: 'CreatePayment', paymentId, orderId: paymentId, amount: eur(10_000) }).thenRejects(ConflictError, 'CONFLICT');
    given(created).when({ type: 'CreatePayment', paymentId, orderId, amount: eur(9_999) }).thenRejects(ConflictError, 'CONFLICT');
  });

  it.each([
    ['zero', eur(0)],
    ['negative', eur(-5)],
    ['fractional', eur(10.5)],
    ['not a currency', { amount: 100, currency: 'XYZ1' }],
  ])('refuses a %s amount', (_, amount) => {
    given().when({ type: 'CreatePayment', paymentId, orderId, amount }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });
});

describe('payment decider: authorization outcome', () => {
  it('records an authorization of the whole amount', () => {
    given(created).when({ type: 'RecordAuthorization', authorizationId: 'auth-1' }).then([authorized]);
  });

  it('records a decline with its code, bank and amount', () => {
    given(created).when({ type: 'RecordDecline', declineCode: 'insufficient_funds', bank: 'Bank of Testland', message: 'no money' }).then([declined]);
  });

  it('ignores the same outcome recorded twice (a racing duplicate)', () => {
    given(created, authorized).when({ type: 'RecordAuthorization', authorizationId: 'auth-1' }).thenNothing();
    given(created, declined).when({ type: 'RecordDecline', declineCode: 'insufficient_funds', bank: 'Bank of Testland', message: 'no money' }).thenNothing();
  });

  it('refuses a different outcome once there is one', () => {
    given(created, authorized).when({ type: 'RecordAuthorization', authorizationId: 'auth-2' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(created, authorized).when({ type: 'RecordDecline', declineCode: 'do_not_honor', bank: 'b', message: 'm' }).thenRejects(InvalidStateError, 'INVALID_STATE');
    given(created, declined).when({ type: 'RecordAuthorization', authorizationId: 'auth-1' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('knows no outcome for a payment that does not exist', () => {
    given().when({ type: 'RecordAuthorization', authorizationId: 'auth-1' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('payment decider: capture', () => {
  it('captures in parts, then the rest', () => {
    given(created, authorized).when({ type: 'CapturePayment', amount: eur(3_000) }).then([captured(3_000, 3_000)]);
    given(created, authorized, captured(3_000, 3_000)).when({ type: 'CapturePayment', amount: eur(7_000) }).then([captured(7_000, 10_000)]);
  });

  it('refuses more than is authorized and not yet captured', () => {
    expect(given(created, authorized).when({ type: 'CapturePayment', amount: eur(10_001) }).thenRejects(BadUserInputError, 'BAD_USER_INPUT').message).toMatch(/remain to capture/);
    given(created, authorized, captured(3_000, 3_000)).when({ type: 'CapturePayment', amount: eur(7_001) }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it.each([
    ['zero', eur(0)],
    ['negative', eur(-1)],
    ['fractional', eur(1.5)],
    ['in another currency', { amount: 100, currency: 'USD' }],
  ])('refuses a %s amount', (_, amount) => {
    given(created, authorized).when({ type: 'CapturePayment', amount }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it.each([
    ['PENDING', [created]],
    ['DECLINED', [created, declined]],
    ['VOIDED', [created, authorized, voided]],
    ['CAPTURED', [created, authorized, captured(10_000, 10_000)]],
    ['PARTIALLY_REFUNDED', [created, authorized, captured(5_000, 5_000), refunded(1_000, 1_000)]],
  ] as [string, PaymentEvent[]][])('refuses to capture a %s payment', (status, history) => {
    expect(given(...history).when({ type: 'CapturePayment', amount: eur(1) }).thenRejects(InvalidStateError, 'INVALID_STATE').message).toMatch(new RegExp(status));
  });

  it('refuses to capture a payment that does not exist', () => {
    given().when({ type: 'CapturePayment', amount: eur(1) }).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('payment decider: refund', () => {
  it('refunds in parts up to what was captured', () => {
    given(created, authorized, captured(6_000, 6_000)).when({ type: 'RefundPayment', amount: eur(2_000), reason: ' returned ' }).then([refunded(2_000, 2_000)]);
    given(created, authorized, captured(6_000, 6_000), refunded(2_000, 2_000))
      .when({ type: 'RefundPayment', amount: eur(4_000), reason: 'returned' })
      .then([refunded(4_000, 6_000)]);
  });

  it('refuses more than is captured and not yet refunded', () => {
    expect(given(created, authorized, captured(6_000, 6_000)).when({ type: 'RefundPayment', amount: eur(6_001), reason: 'x' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT').message).toMatch(/remain to refund/);
    given(created, authorized, captured(6_000, 6_000), refunded(2_000, 2_000)).when({ type: 'RefundPayment', amount: eur(4_001), reason: 'x' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
  });

  it('refuses a bad amount or an empty reason', () => {
    const history = [created, authorized, captured(6_000, 6_000)];
    given(...history).when({ type: 'RefundPayment', amount: eur(0), reason: 'x' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    given(...history).when({ type: 'RefundPayment', amount: { amount: 10, currency: 'USD' }, reason: 'x' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT');
    expect(given(...history).when({ type: 'RefundPayment', amount: eur(10), reason: '  ' }).thenRejects(BadUserInputError, 'BAD_USER_INPUT').message).toMatch(/reason/);
  });

  it.each([
    ['PENDING', [created]],
    ['AUTHORIZED', [created, authorized]],
    ['DECLINED', [created, declined]],
    ['VOIDED', [created, authorized, voided]],
    ['REFUNDED', [created, authorized, captured(6_000, 6_000), refunded(6_000, 6_000)]],
  ] as [string, PaymentEvent[]][])('refuses to refund a %s payment', (status, history) => {
    expect(given(...history).when({ type: 'RefundPayment', amount: eur(1), reason: 'x' }).thenRejects(InvalidStateError, 'INVALID_STATE').message).toMatch(new RegExp(status));
  });
});

describe('payment decider: void', () => {
  it('voids an authorized payment with nothing captured', () => {
    given(created, authorized).when({ type: 'VoidPayment' }).then([voided]);
  });

  it.each([
    ['PENDING', [created]],
    ['DECLINED', [created, declined]],
    ['PARTIALLY_CAPTURED', [created, authorized, captured(1, 1)]],
    ['CAPTURED', [created, authorized, captured(10_000, 10_000)]],
    ['VOIDED', [created, authorized, voided]],
  ] as [string, PaymentEvent[]][])('refuses to void a %s payment', (status, history) => {
    expect(given(...history).when({ type: 'VoidPayment' }).thenRejects(InvalidStateError, 'INVALID_STATE').message).toMatch(new RegExp(status));
  });

  it('refuses to void a payment that does not exist', () => {
    given().when({ type: 'VoidPayment' }).thenRejects(NotFoundError, 'NOT_FOUND');
  });
});

describe('payment decider: status', () => {
  it('follows the lifecycle', () => {
    const status = (...history: PaymentEvent[]) => fold(paymentDecider, history).status;
    expect(status(created)).toBe('PENDING');
    expect(status(created, authorized)).toBe('AUTHORIZED');
    expect(status(created, declined)).toBe('DECLINED');
    expect(status(created, authorized, captured(1, 1))).toBe('PARTIALLY_CAPTURED');
    expect(status(created, authorized, captured(10_000, 10_000))).toBe('CAPTURED');
    expect(status(created, authorized, captured(10_000, 10_000), refunded(1, 1))).toBe('PARTIALLY_REFUNDED');
    expect(status(created, authorized, captured(400, 400), refunded(400, 400))).toBe('REFUNDED');
    expect(status(created, authorized, voided)).toBe('VOIDED');
  });
});
