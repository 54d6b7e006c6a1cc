import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckoutProcess } from '../../server/src/checkout/checkout-process';
import { checkoutStreamId } from '../../server/src/checkout/events';
import { paymentIdOf } from '../../server/src/checkout/checkout-saga';
import { createLogger } from '../../server/src/config/logger';
import { EventStore } from '../../server/src/eventstore/event-store';
import type { RecordedEvent, StreamAppend } from '../../server/src/eventstore/types';
import type { CheckoutRequest } from '../../server/src/ordering/events';
import { paymentStreamId } from '../../server/src/payments/events';
import { TransientGatewayError, type AuthorizeOutcome, type PaymentGateway } from '../../server/src/payments/payment-gateway';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { newId } from '../../server/src/shared/ids';
import type { Money } from '../../server/src/shared/money';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const total: Money = { amount: 4_200, currency: 'EUR' };

/** The provider authorizes, but its answer never comes back (the connection drops every time). */
class AnswerLostGateway extends SimulatedGateway {
  override async authorize(request: { tenantId: string; idempotencyKey: string; amount: Money; token: string }): Promise<AuthorizeOutcome> {
    await super.authorize(request);
    throw new TransientGatewayError('connection reset after the provider answered');
  }
}

/**
 * The checkout's event store, except that right before the checkout records the payment's
 * authorization, another writer voids the payment (as an operator giving up on it could): the
 * checkout's append then conflicts on the payment, and the authorization can no longer be recorded.
 */
function voidedBeforeRecording(real: EventStore, payments: () => PaymentsService): EventStore {
  return Object.assign(Object.create(real) as EventStore, {
    async appendToStreams(appends: StreamAppend[], options: Parameters<EventStore['appendToStreams']>[1]) {
      const authorized = appends.find((a) => a.events.some((e) => e.type === 'PaymentAuthorized'));
      if (authorized) await payments().void((authorized.events[0]!.data as { paymentId: string }).paymentId, { tenantId: 'demo', metadata: { actor: 'operator' } }, { unrecordedHold: true });
      return real.appendToStreams(appends, options);
    },
  });
}

/** Stock and orders that always agree: this is about the payment. */
const inventory = {
  reserve: async (input: { lines: { sku: string; quantity: number }[] }) => ({ append: undefined, lines: input.lines.map((l) => ({ ...l, status: 'ACTIVE', allocations: [] })) }),
  confirm: async () => ({ append: undefined }),
  release: async () => ({ append: undefined }),
  loadStock: async () => {
    throw new Error('not asked in these tests');
  },
};
const ordering = {
  failures: [] as string[],
  placeOrder: async (orderId: string) => ({ orderId, append: undefined }),
  async failCheckout(orderId: string, _checkoutId: string, reason: string) {
    this.failures.push(reason);
    return { orderId, append: undefined };
  },
};

/** Drives one checkout to its end with the real payments service (over `gateway`) and the real checkout stream, the checkout appending through `checkoutStore`. */
async function checkoutWith(gateway: PaymentGateway, checkoutStore: (payments: () => PaymentsService) => EventStore = () => new EventStore(database.db)) {
  const store = new EventStore(database.db);
  const vault = new PaymentTokenVault(database.db);
  const payments = new PaymentsService(store, gateway, vault, { sleep: async () => {} });
  const process = new CheckoutProcess({ store: checkoutStore(() => payments), inventory: inventory as never, ordering: ordering as never, payments, tokens: vault, logger: createLogger('silent'), reservationTtlMs: 60_000 });
  const orderId = newId();
  const checkoutId = newId();
  const idempotencyKey = 'hold-release';
  const paymentTokenRef = PaymentTokenVault.refFor(orderId, idempotencyKey);
  await vault.put('demo', paymentTokenRef, 'tok_visa');
  const request: CheckoutRequest = { orderId, checkoutId, idempotencyKey, paymentTokenRef, attempt: 1, lines: [{ variantId: newId(), sku: 'HOLD-1', quantity: 1 }], total };
  const event: RecordedEvent = {
    position: 1,
    transactionId: '1',
    tenantId: 'demo',
    streamId: `order-${orderId}`,
    streamType: 'Order',
    streamVersion: 2,
    type: 'CheckoutRequested',
    data: request,
    metadata: { actor: 'test' },
    recordedAt: new Date(),
  };
  await process.handle(event);
  const paymentId = paymentIdOf(checkoutId);
  const checkoutTypes = (await store.readStream(checkoutStreamId(checkoutId), { tenantId: 'demo' })).map((e) => e.type);
  const paymentTypes = (await store.readStream(paymentStreamId(paymentId), { tenantId: 'demo' })).map((e) => e.type);
  const failure = (await store.readStream(checkoutStreamId(checkoutId), { tenantId: 'demo' })).at(-1)!.data as { reason?: string };
  return { paymentId, checkoutTypes, paymentTypes, reason: failure.reason };
}

describe('a failed checkout voids the hold whenever the gateway may have authorized', () => {
  it('the provider authorized but the answer was lost every time: PAYMENT_ERROR, and the hold is voided by the authorize key', async () => {
    const gateway = new AnswerLostGateway(database.db);
    const { paymentId, checkoutTypes, paymentTypes, reason } = await checkoutWith(gateway);

    expect(reason).toBe('PAYMENT_ERROR');
    expect(checkoutTypes.slice(-2)).toEqual(['CheckoutPaymentFailed', 'CheckoutFailed']);
    expect(await gateway.holdMadeBy('demo', paymentId)).toMatchObject({ amount: total, captured: 0, voided: true });
    expect(paymentTypes).toEqual(['PaymentCreated', 'PaymentVoided']);
  });

  it('the provider authorized but another writer voided the payment before the checkout recorded it: PAYMENT_ERROR, and the hold is voided', async () => {
    const gateway = new SimulatedGateway(database.db);
    const { paymentId, checkoutTypes, paymentTypes, reason } = await checkoutWith(gateway, (payments) => voidedBeforeRecording(new EventStore(database.db), payments));

    expect(reason).toBe('PAYMENT_ERROR');
    expect(checkoutTypes).not.toContain('CheckoutPaymentAuthorized');
    expect(await gateway.holdMadeBy('demo', paymentId)).toMatchObject({ amount: total, captured: 0, voided: true });
    expect(paymentTypes).toEqual(['PaymentCreated', 'PaymentVoided']);
  });

  it('a gateway that never received the request: the void finds nothing to release, and a late arrival of the request authorizes nothing', async () => {
    const provider = new SimulatedGateway(database.db);
    const unreachable: PaymentGateway = {
      authorize: async () => {
        throw new TransientGatewayError('connection refused');
      },
      capture: (r) => provider.capture(r),
      refund: (r) => provider.refund(r),
      void: (r) => provider.void(r),
      voidByAuthorizeKey: (r) => provider.voidByAuthorizeKey(r),
    };
    const { paymentId, reason } = await checkoutWith(unreachable);

    expect(reason).toBe('PAYMENT_ERROR');
    expect(await provider.holdMadeBy('demo', paymentId)).toBeUndefined();
    expect(await provider.authorize({ tenantId: 'demo', idempotencyKey: paymentId, amount: total, token: 'tok_visa' })).toMatchObject({ outcome: 'DECLINED' });
  });
});
