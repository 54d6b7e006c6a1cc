import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/accounts/passwords';
import { EventStore } from '../../server/src/eventstore/event-store';
import { newId } from '../../server/src/shared/ids';
import { signIn, signUp } from '../accounts/account-operations';
import { startTestApp, type TestApp } from '../support/app';
import { httpClient } from '../support/graphql-client';
import { allProjectedUpToNow } from '../support/log-position';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

/** An account as the log held it before crypto-shredding: plaintext fields, its email claimed under the address itself. */
async function legacyAccount(email: string, name: string, password: string): Promise<string> {
  const userId = newId();
  const plain = new EventStore(testApp.database.db);
  await plain.appendToStreams(
    [
      { streamId: `user-${userId}`, streamType: 'User', expectedVersion: 0, events: [{ type: 'UserRegistered', data: { userId, email, name, role: 'CUSTOMER', passwordHash: await hashPassword(password) } }] },
      { streamId: `user-email-${email}`, streamType: 'UserEmail', expectedVersion: 0, events: [{ type: 'UserEmailClaimed', data: { email, userId } }] },
    ],
    { tenantId: 'demo' },
  );
  await allProjectedUpToNow(testApp);
  return userId;
}

describe('accounts from before crypto-shredding', () => {
  it('still sign in and keep their email taken; once erased they read [erased], cannot sign in, and their email is free', async () => {
    const userId = await legacyAccount('legacy@plain.example', 'Lee Legacy', 'legacy passphrase');
    const session = await signIn(testApp.anonymous, { email: 'legacy@plain.example', password: 'legacy passphrase' });
    expect(session.user).toMatchObject({ id: userId, email: 'legacy@plain.example', name: 'Lee Legacy' });
    expect((await testApp.anonymous.error('mutation { signUp(shop: "demo", email: "LEGACY@plain.example", password: "some passphrase", name: "Copy") { token } }')).code).toBe('CONFLICT');

    await testApp.client.data('mutation($id: ID!) { eraseCustomer(customerId: $id) { customerId } }', { id: userId });
    const [registered] = await testApp.app.store.readStream(`user-${userId}`, { tenantId: 'demo' });
    expect(registered!.data).toMatchObject({ email: '[erased]', name: '[erased]' });
    const { rows } = await testApp.database.db.raw("SELECT u::text AS row FROM users u WHERE id = ?", [userId]);
    expect(rows[0].row).not.toContain('legacy@plain.example');
    expect(rows[0].row).not.toContain('Lee Legacy');
    expect((await testApp.anonymous.error('mutation { signIn(shop: "demo", email: "legacy@plain.example", password: "legacy passphrase") { token } }')).code).toBe('UNAUTHENTICATED');
    const again = await signUp(testApp.anonymous, { email: 'legacy@plain.example', name: 'Lee Again', password: 'a new passphrase' });
    const me = await httpClient(testApp.app.url, { authorization: `Bearer ${again.token}` }).data<{ me: { id: string; email: string } }>('{ me { id email } }');
    expect(me.me).toEqual({ id: again.user.id, email: 'legacy@plain.example' });
  });
});
