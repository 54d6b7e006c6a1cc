import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentTokenVault } from '../../server/src/payments/payment-token-vault';
import { ConflictError } from '../../server/src/shared/errors';
import { EventStore } from '../../server/src/eventstore/event-store';
import { ConcurrencyError } from '../../server/src/eventstore/types';
import { newId } from '../../server/src/shared/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** The statements `run` sends through the test database's pool. */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  database.db.on('query', listener);
  try {
    return { result: await run(), statements };
  } finally {
    database.db.off('query', listener);
  }
}

const vaultRows = (ref: string) => database.db('payment_token_vault').where({ token_ref: ref });

describe('payment token vault', () => {
  it('gives the node that put a token the token back without a statement; another node reads the table', async () => {
    const here = new PaymentTokenVault(database.db);
    const elsewhere = new PaymentTokenVault(database.db);
    const ref = newId();
    await here.put('demo', ref, 'tok_visa');

    const local = await statementsOf(() => here.take('demo', ref));
    expect(local).toEqual({ result: 'tok_visa', statements: [] });
    const remote = await statementsOf(() => elsewhere.take('demo', ref));
    expect(remote.result).toBe('tok_visa');
    expect(remote.statements).toHaveLength(1);
    // Kept in another shop's name, it is not this shop's.
    expect(await here.take('other-shop', ref)).toBeUndefined();
  });

  it('forgets a discarded token on the node that discards it and in the table', async () => {
    const here = new PaymentTokenVault(database.db);
    const elsewhere = new PaymentTokenVault(database.db);
    const ref = newId();
    await here.put('demo', ref, 'tok_visa');
    await here.discard('demo', ref);
    expect(await here.take('demo', ref)).toBeUndefined();
    expect(await elsewhere.take('demo', ref)).toBeUndefined();
    expect(await vaultRows(ref)).toHaveLength(0);
  });

  it('does not give back an expired token from memory', async () => {
    const vault = new PaymentTokenVault(database.db, 60_000);
    const ref = newId();
    await vault.put('demo', ref, 'tok_visa', new Date(Date.now() - 61_000));
    expect(await vault.take('demo', ref)).toBeUndefined();
  });

  it('keeps the first token of a request: the same again is accepted, another is a conflict', async () => {
    const vault = new PaymentTokenVault(database.db);
    const ref = newId();
    await vault.put('demo', ref, 'tok_visa');
    await vault.put('demo', ref, 'tok_visa');
    await expect(vault.put('demo', ref, 'tok_mastercard')).rejects.toBeInstanceOf(ConflictError);
    await expect(new PaymentTokenVault(database.db).put('demo', ref, 'tok_mastercard')).rejects.toBeInstanceOf(ConflictError);
    expect(await vault.take('demo', ref)).toBe('tok_visa');
    expect(await vaultRows(ref)).toHaveLength(1);
  });

  it('writes a token with an append, by the append\'s own statement: only if the append commits, replacing a row a never-recorded request left', async () => {
    const vault = new PaymentTokenVault(database.db);
    const store = new EventStore(database.db);
    const ref = PaymentTokenVault.refFor(newId(), 'with-append');
    const streamId = `vault-test-${newId()}`;
    const request = (expectedVersion: number) => ({ streamId, streamType: 'VaultTest', expectedVersion, events: [{ type: 'Requested', data: { ref } }] });
    // A row left by a request whose append never happened (as the vault's own put before it wrote them).
    await vault.put('demo', ref, 'tok_left_behind');

    const refused = vault.putWithAppend('demo', ref, 'tok_refused');
    await store.append(request(0), { tenantId: 'demo' });
    await expect(store.append(request(0), { tenantId: 'demo', rows: [refused.rows] })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await vaultRows(ref).pluck('token')).toEqual(['tok_left_behind']);

    const kept = vault.putWithAppend('demo', ref, 'tok_visa');
    await store.append(request(1), { tenantId: 'demo', rows: [kept.rows] });
    kept.appended();
    expect(await vaultRows(ref).pluck('token')).toEqual(['tok_visa']);
    expect(await vault.take('demo', ref)).toBe('tok_visa');
    await expect(vault.refuseAnother('demo', ref, 'tok_other')).rejects.toBeInstanceOf(ConflictError);
    await vault.refuseAnother('demo', ref, 'tok_visa');
  });

  it('deletes the rows of tokens discarded soon together, in one statement, of their own shop only', async () => {
    const here = new PaymentTokenVault(database.db);
    const refs = [newId(), newId(), newId()];
    const otherShopRef = newId();
    for (const ref of refs) await here.put('demo', ref, 'tok_visa');
    await here.put('other-shop', otherShopRef, 'tok_visa');
    // The same reference in another shop is another row, which a discard in this shop leaves.
    await here.put('other-shop', refs[0]!, 'tok_visa');

    const discarded = await statementsOf(async () => {
      for (const ref of refs) here.discardSoon('demo', ref);
    });
    expect(discarded.statements).toEqual([]);

    const flushed = await statementsOf(() => here.flushDiscards());
    expect(flushed.statements).toHaveLength(1);
    const left = await database.db('payment_token_vault').whereIn('token_ref', [...refs, otherShopRef]).select('tenant_id', 'token_ref');
    expect(left.map((r) => `${r.tenant_id}/${r.token_ref}`).sort()).toEqual([`other-shop/${refs[0]}`, `other-shop/${otherShopRef}`].sort());
    expect(await here.take('demo', refs[0]!)).toBeUndefined();
    expect((await statementsOf(() => here.flushDiscards())).statements).toEqual([]);
  });

  it('deletes the rows of tokens discarded soon within a moment without being asked', async () => {
    const here = new PaymentTokenVault(database.db);
    const ref = newId();
    await here.put('demo', ref, 'tok_visa');
    here.discardSoon('demo', ref);
    await expect.poll(async () => (await vaultRows(ref)).length, { timeout: 5_000 }).toBe(0);
  });
});
