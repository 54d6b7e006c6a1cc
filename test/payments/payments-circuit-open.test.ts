import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { EventStore } from '../../server/src/eventstore/event-store';
import { paymentStreamId } from '../../server/src/payments/events';
import { GatewayUnavailableError } from '../../server/src/payments/payment-gateway';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { PaymentsService } from '../../server/src/payments/payments-service';
import { SimulatedGateway } from '../../server/src/payments/simulated-gateway';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { CountingGateway } from './gateway-fakes';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const ctx: CommandContext = { tenantId: 'demo', metadata: { actor: 'tester' } };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('authorizing while the gateway circuit is open', () => {
  it('creates no payment for a new one and asks the gateway nothing; a payment whose outcome is recorded still answers with it', async () => {
    const store = new EventStore(database.db);
    const gateway = new CountingGateway(new SimulatedGateway(database.db));
    const circuit = { open: false, refusesCalls() { return this.open; } };
    const payments = new PaymentsService(store, gateway, new PaymentTokenVault(database.db), { circuit, sleep: async () => {} });
    const known = { paymentId: newId(), orderId: newId(), amount: eur(100), token: 'tok_visa' };
    await payments.authorize(known, ctx);

    circuit.open = true;
    const fresh = newId();
    await expect(payments.authorize({ paymentId: fresh, orderId: newId(), amount: eur(100), token: 'tok_visa' }, ctx)).rejects.toBeInstanceOf(GatewayUnavailableError);
    expect(await store.readStream(paymentStreamId(fresh), { tenantId: 'demo' })).toEqual([]);
    expect(await payments.authorize(known, ctx)).toEqual({ outcome: 'AUTHORIZED' });
    expect(gateway.count('authorize')).toBe(1);
  });
});
