import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { checkout, draftOrder, settledOrder, stockedProduct } from '../support/checkout-fixtures';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { SIGN_IN, signUp } from '../accounts/account-operations';
import { until } from './fixtures';

const CHANGE_EMAIL = 'mutation($email: String!, $password: String!) { changeEmail(email: $email, currentPassword: $password) { id email } }';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.stop());

const withToken = (token: string) => httpClient(testApp.app.url, { authorization: `Bearer ${token}` });

/** The recipients of the order's notifications, by kind, once `count` have been sent. */
async function recipients(client: HttpClient, orderId: string, count: number): Promise<Record<string, string>> {
  const read = async () =>
    (await client.data<{ notifications: { kind: string; recipient: string }[] }>('query($o: ID!) { notifications(orderId: $o) { kind recipient } }', { o: orderId })).notifications;
  await until(async () => (await read()).length >= count);
  return Object.fromEntries((await read()).map((n) => [n.kind, n.recipient]));
}

describe('the recipient of a notification', () => {
  it("is the order's customer's account email, and after changeEmail the new one", async () => {
    const { variantId } = await stockedProduct(testApp.client, 'RCPT', { 'RCPT-1': { amount: 900, stock: 5 } });
    const account = await signUp(testApp.anonymous, { email: 'Ines@Example.com', password: 'ines passphrase', name: 'Ines' });
    const customer = withToken(account.token);

    const orderId = await draftOrder(customer, [{ variantId: variantId('RCPT-1'), quantity: 1 }]);
    await checkout(customer, orderId, 'tok_visa', 'rcpt-1');
    await settledOrder(customer, orderId);
    expect(await recipients(customer, orderId, 1)).toEqual({ ORDER_PLACED: 'ines@example.com' });

    const { changeEmail } = await customer.data<{ changeEmail: { email: string } }>(CHANGE_EMAIL, { email: 'ines.new@example.com', password: 'ines passphrase' });
    expect(changeEmail.email).toBe('ines.new@example.com');
    await customer.data('mutation($o: ID!) { cancelOrder(orderId: $o, reason: "changed my mind") { id } }', { o: orderId });
    expect(await recipients(customer, orderId, 2)).toEqual({ ORDER_PLACED: 'ines@example.com', ORDER_CANCELLED: 'ines.new@example.com' });
  });

  it('is the mailbox placeholder for an order whose customer has no account', async () => {
    const { variantId } = await stockedProduct(testApp.client, 'RCPT2', { 'RCPT-2': { amount: 900, stock: 5 } });
    const orderId = await draftOrder(testApp.client, [{ variantId: variantId('RCPT-2'), quantity: 1 }]);
    await checkout(testApp.client, orderId, 'tok_visa', 'rcpt-2');
    await settledOrder(testApp.client, orderId);
    expect(await recipients(testApp.client, orderId, 1)).toEqual({ ORDER_PLACED: `customer-of-order:${orderId}` });
  });
});

describe('changeEmail', () => {
  const signInCode = async (email: string, password: string) => (await testApp.anonymous.request(SIGN_IN, { shop: 'demo', email, password })).errors?.[0]?.extensions?.code ?? 'OK';

  it('moves sign-in to the new address, frees the old one, and refuses a taken one or a wrong password', async () => {
    const mover = await signUp(testApp.anonymous, { email: 'mover@example.com', password: 'mover passphrase' });
    await signUp(testApp.anonymous, { email: 'taken@example.com' });
    const client = withToken(mover.token);

    const taken = await client.error(CHANGE_EMAIL, { email: 'TAKEN@example.com', password: 'mover passphrase' });
    expect([taken.code, taken.extensions.field]).toEqual(['CONFLICT', 'email']);
    const wrong = await client.error(CHANGE_EMAIL, { email: 'moved@example.com', password: 'not it' });
    expect([wrong.code, wrong.extensions.field]).toEqual(['BAD_USER_INPUT', 'currentPassword']);
    const invalid = await client.error(CHANGE_EMAIL, { email: 'no-at-sign', password: 'mover passphrase' });
    expect([invalid.code, invalid.extensions.field]).toEqual(['BAD_USER_INPUT', 'email']);

    await client.data(CHANGE_EMAIL, { email: 'moved@example.com', password: 'mover passphrase' });
    expect(await signInCode('moved@example.com', 'mover passphrase')).toBe('OK');
    expect(await signInCode('mover@example.com', 'mover passphrase')).toBe('UNAUTHENTICATED');
    const types = await testApp.database.db('events').where({ stream_id: `user-${mover.user.id}` }).orderBy('stream_version').pluck('event_type');
    expect(types).toEqual(['UserRegistered', 'EmailChanged']);

    // The old address is free again: a new account may take it.
    const newcomer = await signUp(testApp.anonymous, { email: 'mover@example.com', password: 'newcomer passphrase' });
    expect(newcomer.user.id).not.toBe(mover.user.id);
    expect(await signInCode('mover@example.com', 'newcomer passphrase')).toBe('OK');
  });
});
