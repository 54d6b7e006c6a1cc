import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError, type StreamAppend } from '../../server/src/eventstore/types';
import { paymentStreamId } from '../../server/src/payments/events';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const ctx: CommandContext = { tenantId: 'demo', metadata: { actor: 'tester' } };

/**
 * The event store, except that the next `conflicts` appends of payment settlements (not the
 * authorization's) fail as if another writer had got in first.
 */
function conflictingStore(conflicts: number) {
  const real = new EventStore(database.db);
  const state = { left: conflicts, attempts: 0 };
  const store = Object.assign(Object.create(real) as EventStore, {
    async append(append: StreamAppend, options: Parameters<EventStore['append']>[1]) {
      const settles = append.events.some((e) => e.type === 'PaymentCaptured');
      if (settles) state.attempts++;
      if (settles && state.left > 0) {
        state.left--;
        throw new ConcurrencyError(append.streamId, append.expectedVersion);
      }
      return real.append(append, options);
    },
  });
  return { store, state };
}

function service(store: EventStore, waits: number[], attempts = 5) {
  return new PaymentsService(store, new SimulatedGateway(database.db), new PaymentTokenVault(database.db), {
    conflictBackoff: { attempts, initialDelayMs: 20, maxDelayMs: 400 },
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe('a settlement that loses the race for its payment stream', () => {
  it('decides again after a growing, jittered wait each time, then succeeds', async () => {
    const { store, state } = conflictingStore(3);
    const waits: number[] = [];
    const payments = service(store, waits);
    const paymentId = newId();
    await payments.authorize({ paymentId, orderId: newId(), amount: eur(1_000), token: 'tok_visa' }, ctx);

    await payments.capture(paymentId, eur(1_000), ctx, { captureId: 'shipment-1' });

    expect(state.attempts).toBe(4);
    // One wait before each new decision, never none: the writer that won is given time to finish.
    expect(waits).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeGreaterThan(0);
    expect(waits.every((wait) => wait <= 400)).toBe(true);
    const types = (await store.readStream(paymentStreamId(paymentId), { tenantId: 'demo' })).map((e) => e.type);
    expect(types).toEqual(['PaymentCreated', 'PaymentAuthorized', 'PaymentCaptured']);
  });

  it('gives up after the configured attempts, with the conflict', async () => {
    const { store, state } = conflictingStore(10);
    const waits: number[] = [];
    const payments = service(store, waits, 3);
    const paymentId = newId();
    await payments.authorize({ paymentId, orderId: newId(), amount: eur(1_000), token: 'tok_visa' }, ctx);

    await expect(payments.capture(paymentId, eur(1_000), ctx, { captureId: 'shipment-1' })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(state.attempts).toBe(3);
    expect(waits).toHaveLength(2);
  });
});
