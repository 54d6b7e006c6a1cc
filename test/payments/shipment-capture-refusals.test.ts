import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ShipmentCapture } from '../../server/src/fulfillment/shipment-capture';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { BadUserInputError } from '../../server/src/shared/errors';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
let payments: PaymentsService;

beforeAll(async () => {
  database = await createTestDatabase();
  payments = new PaymentsService(new EventStore(database.db), new SimulatedGateway(database.db), new PaymentTokenVault(database.db), { sleep: async () => {} });
});
afterAll(() => database.drop());

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const ctx: CommandContext = { tenantId: 'demo', metadata: { actor: 'tester' } };

async function authorizedPayment(amount: number) {
  const paymentId = newId();
  await payments.authorize({ paymentId, orderId: newId(), amount: eur(amount), token: 'tok_visa' }, ctx);
  return paymentId;
}

const shipped = (paymentId: string, amount: number) => ({
  shipmentId: newId(),
  orderId: newId(),
  trackingNumber: 'TRACK-1',
  reservationId: newId(),
  paymentId,
  amount: eur(amount),
  completesOrder: false,
});

/** The payments service, with staff doing `meanwhile` between the capture's read of the payment and its capture. */
function racedBy(meanwhile: (paymentId: string) => Promise<unknown>): PaymentsService {
  return Object.assign(Object.create(payments) as PaymentsService, {
    async load(tenantId: string, paymentId: string) {
      const state = await payments.load(tenantId, paymentId);
      await meanwhile(paymentId);
      return state;
    },
  });
}

describe('capture after shipping catches only "cannot be captured any more"', () => {
  it('an amount that no longer fits (staff captured part meanwhile) is not swallowed: it fails, and the retry captures what is left', async () => {
    const paymentId = await authorizedPayment(1_000);
    const shipment = shipped(paymentId, 600);
    const racing = new ShipmentCapture(
      racedBy((id) => payments.capture(id, eur(500), ctx)),
      createLogger('silent'),
    );
    await expect(racing.capture(shipment, ctx)).rejects.toBeInstanceOf(BadUserInputError);

    // The fulfillment process's retry, on the payment as it is now.
    await new ShipmentCapture(payments, createLogger('silent')).capture(shipment, ctx);
    expect(await payments.load('demo', paymentId)).toMatchObject({ status: 'CAPTURED', captured: 1_000, captureIds: [shipment.shipmentId] });
  });

  it('a payment staff voided by hand is left to them: logged, not retried', async () => {
    const paymentId = await authorizedPayment(800);
    const racing = new ShipmentCapture(
      racedBy((id) => payments.void(id, ctx)),
      createLogger('silent'),
    );
    await expect(racing.capture(shipped(paymentId, 800), ctx)).resolves.toBeUndefined();
    expect(await payments.load('demo', paymentId)).toMatchObject({ status: 'VOIDED', captured: 0 });
  });

  it('a gateway that refuses the capture is not taken for a settled payment', async () => {
    const paymentId = await authorizedPayment(300);
    const refusing = new PaymentsService(
      new EventStore(database.db),
      Object.assign(Object.create(new SimulatedGateway(database.db)) as SimulatedGateway, {
        capture: async () => {
          throw new Error('the provider refused the capture');
        },
      }),
      new PaymentTokenVault(database.db),
      { sleep: async () => {} },
    );
    await expect(new ShipmentCapture(refusing, createLogger('silent')).capture(shipped(paymentId, 300), ctx)).rejects.toThrow('the provider refused the capture');
  });
});
