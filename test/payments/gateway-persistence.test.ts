import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../server/src/commands/command-context';
import { EventStore } from '../../server/src/eventstore/event-store';
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

/** A payments service as one server process has it: its own gateway instance over the shared database. */
const serverProcess = () => new PaymentsService(new EventStore(database.db), new SimulatedGateway(database.db), new PaymentTokenVault(database.db), { sleep: async () => {} });

describe('the simulated gateway keeps its state in PostgreSQL', () => {
  it('captures, refunds and voids payments authorized before a restart (a new gateway instance on the same database)', async () => {
    const before = serverProcess();
    const captured = newId();
    const voided = newId();
    await before.authorize({ paymentId: captured, orderId: newId(), amount: eur(5_000), token: 'tok_visa' }, ctx);
    await before.authorize({ paymentId: voided, orderId: newId(), amount: eur(700), token: 'tok_visa' }, ctx);

    const after = serverProcess();
    await after.capture(captured, eur(5_000), ctx);
    await after.refund(captured, eur(1_200), 'damaged', ctx);
    await after.void(voided, ctx);

    const gateway = new SimulatedGateway(database.db);
    expect(await gateway.holdMadeBy('demo', captured)).toEqual({ amount: eur(5_000), captured: 5_000, refunded: 1_200, voided: false });
    expect(await gateway.holdMadeBy('demo', voided)).toEqual({ amount: eur(700), captured: 0, refunded: 0, voided: true });
  });

  it('answers a repeated authorize key on another instance with the first outcome, holding the amount once', async () => {
    const key = newId();
    const first = await new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(900), token: 'tok_visa' });
    const again = await new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(900), token: 'tok_visa' });
    expect(again).toEqual(first);
    const holds = await database.db('simulated_gateway_holds').where({ tenant_id: 'demo', authorize_key: key }).select('authorization_id');
    expect(holds).toHaveLength(1);
  });

  it('answers one authorize key asked by several instances at once with one outcome and one hold', async () => {
    const key = newId();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(650), token: 'tok_visa' })),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    const holds = await database.db('simulated_gateway_holds').where({ tenant_id: 'demo', authorize_key: key }).select('authorization_id', 'amount');
    expect(holds).toEqual([{ authorization_id: (answers[0] as { authorizationId: string }).authorizationId, amount: 650 }]);
  });

  it('records a decline without a hold, and answers the key with it again', async () => {
    const key = newId();
    const declined = await new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(650), token: 'tok_decline_insufficient_funds' });
    expect(declined).toMatchObject({ outcome: 'DECLINED', declineCode: 'insufficient_funds' });
    expect(await new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(650), token: 'tok_visa' })).toEqual(declined);
    expect(await database.db('simulated_gateway_holds').where({ tenant_id: 'demo', authorize_key: key })).toEqual([]);
  });

  it('moves money once per key across instances, and refuses a key reused for another request', async () => {
    const key = newId();
    const outcome = await new SimulatedGateway(database.db).authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(1_000), token: 'tok_visa' });
    if (outcome.outcome !== 'AUTHORIZED') throw new Error('expected an authorization');
    const capture = { tenantId: 'demo', idempotencyKey: `${key}:capture`, authorizationId: outcome.authorizationId, amount: eur(400) };
    await Promise.all([new SimulatedGateway(database.db).capture(capture), new SimulatedGateway(database.db).capture(capture)]);
    await expect(new SimulatedGateway(database.db).capture({ ...capture, amount: eur(500) })).rejects.toThrow('was used for another request');
    expect(await new SimulatedGateway(database.db).holdOf('demo', outcome.authorizationId)).toMatchObject({ captured: 400 });
  });

  it("keeps shops apart: another shop's capture does not find the hold", async () => {
    const gateway = new SimulatedGateway(database.db);
    const outcome = await gateway.authorize({ tenantId: 'demo', idempotencyKey: newId(), amount: eur(300), token: 'tok_visa' });
    if (outcome.outcome !== 'AUTHORIZED') throw new Error('expected an authorization');
    await expect(gateway.capture({ tenantId: 'other-shop', idempotencyKey: newId(), authorizationId: outcome.authorizationId, amount: eur(300) })).rejects.toThrow('unknown authorization');
    expect(await gateway.holdOf('demo', outcome.authorizationId)).toMatchObject({ captured: 0 });
  });

  it('voids by the authorize key whatever that request did: a hold it made is released, and a request arriving after the void authorizes nothing', async () => {
    const gateway = new SimulatedGateway(database.db);
    const made = newId();
    await gateway.authorize({ tenantId: 'demo', idempotencyKey: made, amount: eur(250), token: 'tok_visa' });
    await gateway.voidByAuthorizeKey({ tenantId: 'demo', idempotencyKey: `${made}:void`, authorizeKey: made });
    expect(await gateway.holdMadeBy('demo', made)).toMatchObject({ voided: true });

    const late = newId();
    await gateway.voidByAuthorizeKey({ tenantId: 'demo', idempotencyKey: `${late}:void`, authorizeKey: late });
    expect(await gateway.authorize({ tenantId: 'demo', idempotencyKey: late, amount: eur(250), token: 'tok_visa' })).toMatchObject({ outcome: 'DECLINED', declineCode: 'authorization_cancelled' });
    expect(await gateway.holdMadeBy('demo', late)).toBeUndefined();
  });
});

describe('the simulated gateway with a latency (SIMULATED_GATEWAY_LATENCY_MS)', () => {
  it('answers each request after its time on the wire, holding no database connection meanwhile, with the answer it gives at once', async () => {
    const latencyMs = 150;
    const slow = new SimulatedGateway(database.db, latencyMs);
    const pool = (database.db.client as { pool: { numUsed(): number; numPendingAcquires(): number } }).pool;
    const started = performance.now();
    const key = `slow-${newId()}`;
    const authorizing = slow.authorize({ tenantId: 'demo', idempotencyKey: key, amount: eur(900), token: 'tok_visa' });
    expect([pool.numUsed(), pool.numPendingAcquires()]).toEqual([0, 0]);
    const outcome = await authorizing;
    expect(performance.now() - started).toBeGreaterThanOrEqual(latencyMs - 1);
    expect(outcome).toMatchObject({ outcome: 'AUTHORIZED' });

    const voiding = slow.void({ tenantId: 'demo', idempotencyKey: `slow-void-${newId()}`, authorizationId: (outcome as { authorizationId: string }).authorizationId });
    expect([pool.numUsed(), pool.numPendingAcquires()]).toEqual([0, 0]);
    await voiding;
    expect(await slow.holdMadeBy('demo', key)).toMatchObject({ voided: true });
  });
});
