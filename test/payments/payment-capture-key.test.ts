import { describe, expect, it } from 'vitest';
import { fold } from '../../server/src/commands/decider';
import type { PaymentEvent } from '../../server/src/payments/events';
import { paymentDecider } from '../../server/src/payments/payment-decider';
import { InvalidStateError } from '../../server/src/shared/errors';
import { scenariosFor } from '../support/decider';

const paymentId = '6a1f0c0e-6f5b-4a57-9d0a-0b4a0a7f3c11';
const orderId = '0c6f3a54-2b1e-4c1a-8f0e-7d2b9c1e5a22';
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const { given } = scenariosFor(paymentDecider);

const created: PaymentEvent = { type: 'PaymentCreated', data: { paymentId, orderId, amount: eur(1000) } };
const authorized: PaymentEvent = { type: 'PaymentAuthorized', data: { paymentId, authorizationId: 'auth-1', amount: eur(1000) } };
const keyed = (captureId: string, amount: number, total: number): PaymentEvent => ({
  type: 'PaymentCaptured',
  data: { paymentId, amount: eur(amount), totalCaptured: eur(total), captureId },
});

describe('payment decider: keyed captures (one per shipment)', () => {
  it('records the key with the capture', () => {
    given([created, authorized]).when({ type: 'CapturePayment', amount: eur(400), captureId: 'ship-1' }).then([keyed('ship-1', 400, 400)]);
    expect(fold(paymentDecider, [created, authorized, keyed('ship-1', 400, 400)]).captureIds).toEqual(['ship-1']);
  });

  it('captures nothing more for a key already captured, whatever the amount', () => {
    given([created, authorized, keyed('ship-1', 400, 400)]).when({ type: 'CapturePayment', amount: eur(400), captureId: 'ship-1' }).thenNothing();
    given([created, authorized, keyed('ship-1', 1000, 1000)]).when({ type: 'CapturePayment', amount: eur(5), captureId: 'ship-1' }).thenNothing();
  });

  it('another key captures again, within what remains authorized', () => {
    given([created, authorized, keyed('ship-1', 400, 400)]).when({ type: 'CapturePayment', amount: eur(600), captureId: 'ship-2' }).then([keyed('ship-2', 600, 1000)]);
    given([created, authorized, keyed('ship-1', 1000, 1000)]).when({ type: 'CapturePayment', amount: eur(1), captureId: 'ship-2' }).thenRejects(InvalidStateError, 'INVALID_STATE');
  });

  it('unkeyed captures behave as before', () => {
    given([created, authorized]).when({ type: 'CapturePayment', amount: eur(400) }).then([
      { type: 'PaymentCaptured', data: { paymentId, amount: eur(400), totalCaptured: eur(400) } },
    ]);
  });
});
