import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { EventStore } from '../../server/src/eventstore/event-store';
import { newId } from '../../server/src/shared/ids';
import { BadUserInputError, ConflictError, DomainError, InvalidStateError, NotFoundError } from '../../server/src/shared/errors';
import { paymentStreamId } from '../../server/src/payments/events';
import { TransientGatewayError } from '../../server/src/payments/payment-gateway';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { SimulatedGateway, simulatedBankFor } from '../../server/src/payments/simulated-gateway';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { CountingGateway, UnreachableGateway } from './gateway-fakes';
import { READS_STREAMS } from '../support/rows-read';

let database: TestDatabase;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  store = new EventStore(database.db);
});
afterAll(() => database.drop());

const ctx: CommandContext = { tenantId: 'demo', metadata: { correlationId: 'test', actor: 'tester' } };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** A service over a counting simulated gateway whose backoff only records the delays it asked for. */
function setup(options: { attempts?: number; gateway?: CountingGateway } = {}) {
  const simulated = new SimulatedGateway(database.db);
  const gateway = options.gateway ?? new CountingGateway(simulated);
  const delays: number[] = [];
  const service = new PaymentsService(store, gateway, new PaymentTokenVault(database.db), {
    retry: { attempts: options.attempts ?? 4, baseDelayMs: 10 },
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { service, gateway, simulated, delays };
}

const eventsOf = async (paymentId: string) => (await store.readStream(paymentStreamId(paymentId), { tenantId: 'demo' })).map((e) => ({ type: e.type, data: e.data }));
const typesOf = async (paymentId: string) => (await eventsOf(paymentId)).map((e) => e.type);

async function authorized(service: PaymentsService, amount = 10_000) {
  const paymentId = newId();
  const orderId = newId();
  expect(await service.authorize({ paymentId, orderId, amount: eur(amount), token: 'tok_visa' }, ctx)).toEqual({ outcome: 'AUTHORIZED' });
  return { paymentId, orderId };
}

describe('authorize', () => {
  it('creates and authorizes a payment with tok_visa and any tok_ok_*', async () => {
    const { service, gateway } = setup();
    const { paymentId, orderId } = await authorized(service, 2_500);
    const events = await store.readStream(paymentStreamId(paymentId), { tenantId: 'demo' });
    expect(events.map((e) => e.type)).toEqual(['PaymentCreated', 'PaymentAuthorized']);
    expect(events[0]!.streamType).toBe('Payment');
    expect(events[0]!.data).toEqual({ paymentId, orderId, amount: eur(2_500) });
    expect(events[1]!.data).toMatchObject({ paymentId, amount: eur(2_500), authorizationId: expect.stringMatching(/^sim_auth_/) });
    expect(events[1]!.metadata).toMatchObject({ correlationId: 'test', actor: 'tester' });
    expect(gateway.calls).toEqual([{ method: 'authorize', idempotencyKey: paymentId }]);

    const other = newId();
    expect(await service.authorize({ paymentId: other, orderId, amount: eur(1), token: 'tok_ok_mastercard' }, ctx)).toEqual({ outcome: 'AUTHORIZED' });
  });

  it('records a decline with its code and bank', async () => {
    const { service } = setup();
    const paymentId = newId();
    const outcome = await service.authorize({ paymentId, orderId: newId(), amount: eur(4_200), token: 'tok_decline_insufficient_funds' }, ctx);
    const bank = simulatedBankFor('tok_decline_insufficient_funds');
    expect(outcome).toEqual({ outcome: 'DECLINED', declineCode: 'insufficient_funds', bank });
    const events = await eventsOf(paymentId);
    expect(events.map((e) => e.type)).toEqual(['PaymentCreated', 'PaymentDeclined']);
    expect(events[1]!.data).toEqual({ paymentId, declineCode: 'insufficient_funds', bank, message: 'The card has insufficient funds.', amount: eur(4_200) });
  });

  it('declines an unknown token as invalid_token', async () => {
    const { service } = setup();
    const outcome = await service.authorize({ paymentId: newId(), orderId: newId(), amount: eur(100), token: 'tok_made_up' }, ctx);
    expect(outcome).toMatchObject({ outcome: 'DECLINED', declineCode: 'invalid_token' });
  });

  it('retries tok_flaky with backoff until it authorizes, recording one authorization', async () => {
    const { service, gateway, delays } = setup();
    const paymentId = newId();
    expect(await service.authorize({ paymentId, orderId: newId(), amount: eur(900), token: 'tok_flaky' }, ctx)).toEqual({ outcome: 'AUTHORIZED' });
    expect(gateway.calls).toEqual([
      { method: 'authorize', idempotencyKey: paymentId },
      { method: 'authorize', idempotencyKey: paymentId },
    ]);
    expect(delays).toEqual([10]);
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it('gives up after the configured attempts with exponential backoff, recording no outcome', async () => {
    const gateway = new CountingGateway(new UnreachableGateway());
    const { service, delays } = setup({ attempts: 3, gateway });
    const paymentId = newId();
    const orderId = newId();
    await expect(service.authorize({ paymentId, orderId, amount: eur(900), token: 'tok_visa' }, ctx)).rejects.toBeInstanceOf(TransientGatewayError);
    expect(gateway.count('authorize')).toBe(3);
    expect(delays).toEqual([10, 20]);
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated']);

    // Once the gateway is reachable again, asking again completes the same payment.
    const healthy = setup();
    expect(await healthy.service.authorize({ paymentId, orderId, amount: eur(900), token: 'tok_visa' }, ctx)).toEqual({ outcome: 'AUTHORIZED' });
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it("reads no payment stream to create a new payment: its first append is decided on an empty one", async () => {
    const { service } = setup();
    const paymentId = newId();
    const reads: unknown[][] = [];
    const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
      if (READS_STREAMS.test(query.sql)) reads.push(query.bindings ?? []);
    };
    database.db.on('query', onQuery);
    try {
      expect(await service.authorize({ paymentId, orderId: newId(), amount: eur(900), token: 'tok_visa' }, ctx)).toEqual({ outcome: 'AUTHORIZED' });
    } finally {
      database.db.off('query', onQuery);
    }
    expect(reads.filter((bindings) => JSON.stringify(bindings).includes(paymentId))).toEqual([]);
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it('answers a second call with the first outcome without asking the gateway again', async () => {
    const { service, gateway } = setup();
    const input = { paymentId: newId(), orderId: newId(), amount: eur(700), token: 'tok_decline_do_not_honor' };
    const first = await service.authorize(input, ctx);
    // Even with a token that would now authorize, the recorded outcome stands.
    const second = await service.authorize({ ...input, token: 'tok_visa' }, ctx);
    expect(first).toMatchObject({ outcome: 'DECLINED', declineCode: 'do_not_honor' });
    expect(second).toEqual(first);
    expect(gateway.count('authorize')).toBe(1);
    expect(await typesOf(input.paymentId)).toEqual(['PaymentCreated', 'PaymentDeclined']);
  });

  it('records one outcome when the same payment is authorized concurrently', async () => {
    const { service } = setup();
    const input = { paymentId: newId(), orderId: newId(), amount: eur(1_000), token: 'tok_visa' };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => service.authorize(input, ctx)));
    expect(outcomes).toEqual(Array(5).fill({ outcome: 'AUTHORIZED' }));
    expect(await typesOf(input.paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized']);
  });

  it('refuses the same payment id for another order, and malformed input', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await authorized(service);
    await expect(service.authorize({ paymentId, orderId: newId(), amount: eur(10_000), token: 'tok_visa' }, ctx)).rejects.toBeInstanceOf(ConflictError);
    await expect(service.authorize({ paymentId: 'nope', orderId: newId(), amount: eur(1), token: 'tok_visa' }, ctx)).rejects.toBeInstanceOf(BadUserInputError);
    await expect(service.authorize({ paymentId: newId(), orderId: newId(), amount: eur(0), token: 'tok_visa' }, ctx)).rejects.toBeInstanceOf(BadUserInputError);
    await expect(service.authorize({ paymentId: newId(), orderId: newId(), amount: eur(1), token: ' ' }, ctx)).rejects.toBeInstanceOf(BadUserInputError);
    expect(gateway.count('authorize')).toBe(1);
  });
});

describe('capture, refund and void', () => {
  it('captures part, then the rest, through the gateway with deterministic keys', async () => {
    const { service, gateway, simulated } = setup();
    const { paymentId } = await authorized(service);
    const first = await service.capture(paymentId, eur(3_000), ctx);
    expect(first.append?.events.map((e) => e.type)).toEqual(['PaymentCaptured']);
    await service.capture(paymentId, eur(7_000), ctx);
    const events = await eventsOf(paymentId);
    expect(events.slice(2).map((e) => e.data)).toEqual([
      { paymentId, amount: eur(3_000), totalCaptured: eur(3_000) },
      { paymentId, amount: eur(7_000), totalCaptured: eur(10_000) },
    ]);
    expect(gateway.calls.filter((c) => c.method === 'capture').map((c) => c.idempotencyKey)).toEqual([`${paymentId}:capture:3000`, `${paymentId}:capture:10000`]);
    const authorizationId = (events[1]!.data as { authorizationId: string }).authorizationId;
    expect((await simulated.holdOf('demo', authorizationId))?.captured).toBe(10_000);
  });

  it('refuses to capture more than authorized, appending nothing and leaving the gateway alone', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await authorized(service);
    await service.capture(paymentId, eur(4_000), ctx);
    await expect(service.capture(paymentId, eur(6_001), ctx)).rejects.toBeInstanceOf(BadUserInputError);
    await expect(service.capture(paymentId, { amount: 10, currency: 'USD' }, ctx)).rejects.toBeInstanceOf(BadUserInputError);
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentCaptured']);
    expect(gateway.count('capture')).toBe(1);
  });

  it('refunds in parts, never more than captured', async () => {
    const { service, gateway } = setup();
    const { paymentId } = await authorized(service);
    await service.capture(paymentId, eur(5_000), ctx);
    await service.refund(paymentId, eur(2_000), 'damaged', ctx);
    await expect(service.refund(paymentId, eur(3_001), 'too much', ctx)).rejects.toBeInstanceOf(BadUserInputError);
    await service.refund(paymentId, eur(3_000), 'returned', ctx);
    await expect(service.refund(paymentId, eur(1), 'again', ctx)).rejects.toBeInstanceOf(InvalidStateError);
    const events = await eventsOf(paymentId);
    expect(events.map((e) => e.type)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded', 'PaymentRefunded']);
    expect(events[4]!.data).toEqual({ paymentId, amount: eur(3_000), reason: 'returned', totalRefunded: eur(5_000) });
    expect(gateway.calls.filter((c) => c.method === 'refund').map((c) => c.idempotencyKey)).toEqual([`${paymentId}:refund:2000`, `${paymentId}:refund:5000`]);
  });

  it('voids an authorized payment, but not one that was captured', async () => {
    const { service, gateway } = setup();
    const open = await authorized(service);
    await service.void(open.paymentId, ctx);
    expect(await typesOf(open.paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentVoided']);
    await expect(service.capture(open.paymentId, eur(1), ctx)).rejects.toBeInstanceOf(InvalidStateError);

    const settled = await authorized(service);
    await service.capture(settled.paymentId, eur(1), ctx);
    await expect(service.void(settled.paymentId, ctx)).rejects.toBeInstanceOf(InvalidStateError);
    expect(await typesOf(settled.paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentCaptured']);
    expect(gateway.count('void')).toBe(1);
  });

  it('refuses to settle a declined payment and reports an unknown one as not found', async () => {
    const { service, gateway } = setup();
    const paymentId = newId();
    await service.authorize({ paymentId, orderId: newId(), amount: eur(100), token: 'tok_decline_expired_card' }, ctx);
    await expect(service.capture(paymentId, eur(100), ctx)).rejects.toBeInstanceOf(InvalidStateError);
    await expect(service.void(paymentId, ctx)).rejects.toBeInstanceOf(InvalidStateError);
    await expect(service.capture(newId(), eur(100), ctx)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.refund(newId(), eur(100), 'x', ctx)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.void(newId(), ctx)).rejects.toBeInstanceOf(NotFoundError);
    expect(gateway.calls.filter((c) => c.method !== 'authorize')).toEqual([]);
  });

  it('retries a transient capture failure with the same key', async () => {
    const simulated = new SimulatedGateway(database.db);
    let failures = 1;
    const flaky = new CountingGateway({
      authorize: (r) => simulated.authorize(r),
      capture: async (r) => {
        if (failures-- > 0) throw new TransientGatewayError('timeout');
        return simulated.capture(r);
      },
      refund: (r) => simulated.refund(r),
      void: (r) => simulated.void(r),
      voidByAuthorizeKey: (r) => simulated.voidByAuthorizeKey(r),
    });
    const { service, delays } = setup({ gateway: flaky });
    const { paymentId } = await authorized(service);
    await service.capture(paymentId, eur(10_000), ctx);
    expect(flaky.calls.filter((c) => c.method === 'capture').map((c) => c.idempotencyKey)).toEqual([`${paymentId}:capture:10000`, `${paymentId}:capture:10000`]);
    expect(delays).toEqual([10]);
    expect(await typesOf(paymentId)).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentCaptured']);
  });

  it('keeps the gateway and the events in step under concurrent captures of different amounts', async () => {
    const { service, simulated } = setup();
    const { paymentId } = await authorized(service);
    const amounts = [1_000, 2_000, 3_000, 4_000, 5_000];
    const results = await Promise.allSettled(amounts.map((a) => service.capture(paymentId, eur(a), ctx)));
    const events = await eventsOf(paymentId);
    const captures = events.filter((e) => e.type === 'PaymentCaptured').map((e) => e.data as { totalCaptured: { amount: number } });
    const recorded = captures.at(-1)?.totalCaptured.amount ?? 0;
    expect(recorded).toBeLessThanOrEqual(10_000);
    expect(captures).toHaveLength(results.filter((r) => r.status === 'fulfilled').length);
    const authorizationId = (events[1]!.data as { authorizationId: string }).authorizationId;
    expect((await simulated.holdOf('demo', authorizationId))?.captured).toBe(recorded);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DomainError);
  });
});
