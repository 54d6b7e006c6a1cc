import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../server/src/auth/tokens';
import { startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';
import { CREATE_SHOP, CREATE_STAFF, ME, SIGN_IN, SIGN_UP, signIn, signUp, type AuthPayload } from './account-operations';

let testApp: TestApp;
let anonymous: HttpClient;

beforeAll(async () => {
  testApp = await startTestApp();
  anonymous = testApp.anonymous;
});
afterAll(() => testApp.stop());

const withToken = (payload: { token: string }) => httpClient(testApp.app.url, { authorization: `Bearer ${payload.token}` });

/** Sends an operation as `client` that must fail with `code`, appending nothing. */
async function expectRefused(client: HttpClient, code: string, query: string, variables: Record<string, unknown> = {}) {
  const before = await countEvents(testApp.database.db);
  const error = await client.error(query, variables);
  expect(error.code, error.message).toBe(code);
  expect(await countEvents(testApp.database.db)).toBe(before);
  return error;
}

describe('sign-up and sign-in', () => {
  it('signs up a CUSTOMER of the shop, with a token that `me` accepts', async () => {
    const payload = await signUp(anonymous, { email: '  Linus@Example.COM ', name: 'Linus' });
    expect(payload.user).toMatchObject({ email: 'linus@example.com', name: 'Linus', role: 'CUSTOMER', shop: 'demo' });
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const principal = await testApp.app.tokens.verify(payload.token);
    expect(principal).toMatchObject({ userId: payload.user.id, shopId: 'demo', role: 'CUSTOMER' });
    const { me } = await withToken(payload).data<{ me: AuthPayload['user'] }>(ME);
    expect(me).toEqual(payload.user);
  });

  it('signs in with the right password (the email in any case) and answers the same account', async () => {
    const created = await signUp(anonymous, { email: 'margaret@example.com', password: 'apollo-guidance', name: 'Margaret' });
    const payload = await signIn(anonymous, { email: 'MARGARET@example.com', password: 'apollo-guidance' });
    expect(payload.user).toEqual(created.user);
    expect((await withToken(payload).data<{ me: { id: string } }>(ME)).me.id).toBe(created.user.id);
  });

  it('answers a wrong password and an unknown email with the same UNAUTHENTICATED error', async () => {
    await signUp(anonymous, { email: 'barbara@example.com', password: 'liskov-substitution' });
    const wrongPassword = await expectRefused(anonymous, 'UNAUTHENTICATED', SIGN_IN, { shop: 'demo', email: 'barbara@example.com', password: 'liskov-substitutioN' });
    const unknownEmail = await expectRefused(anonymous, 'UNAUTHENTICATED', SIGN_IN, { shop: 'demo', email: 'nobody@example.com', password: 'liskov-substitution' });
    const unknownShop = await expectRefused(anonymous, 'UNAUTHENTICATED', SIGN_IN, { shop: 'no-such-shop', email: 'barbara@example.com', password: 'liskov-substitution' });
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(unknownShop.message).toBe(wrongPassword.message);
    expect(wrongPassword.extensions).toEqual(unknownEmail.extensions);
  });

  it.each([
    ['a password under 8 characters', { email: 'short@example.com', password: 'seven77' }, 'password'],
    ['an email without @', { email: 'not-an-email', password: 'long enough' }, 'email'],
    ['an email without a domain', { email: 'someone@localhost', password: 'long enough' }, 'email'],
    ['an empty name', { email: 'noname@example.com', password: 'long enough', name: '   ' }, 'name'],
  ])('refuses %s with BAD_USER_INPUT, appending nothing', async (_what, input, field) => {
    const error = await expectRefused(anonymous, 'BAD_USER_INPUT', SIGN_UP, { shop: 'demo', name: 'Someone', ...input });
    expect(error.extensions.field).toBe(field);
  });

  it('refuses a second account with the same email in the shop (in any case) with CONFLICT', async () => {
    await signUp(anonymous, { email: 'grace.h@example.com' });
    const error = await expectRefused(anonymous, 'CONFLICT', SIGN_UP, { shop: 'demo', email: 'Grace.H@Example.com', password: 'another password', name: 'Impostor' });
    expect(error.extensions.field).toBe('email');
  });

  it('lets only one of two simultaneous sign-ups with one email through: the email is claimed in a stream of its own', async () => {
    const attempt = () => anonymous.request(SIGN_UP, { shop: 'demo', email: 'race@example.com', password: 'long enough', name: 'Racer' });
    const results = await Promise.all([attempt(), attempt(), attempt()]);
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions?.code)).toEqual(['CONFLICT', 'CONFLICT']);
    const rows = await testApp.database.db('users').where({ tenant_id: 'demo', email: 'race@example.com' });
    expect(rows).toHaveLength(1);
  });

  it('refuses signing up to a shop that does not exist with NOT_FOUND', async () => {
    await expectRefused(anonymous, 'NOT_FOUND', SIGN_UP, { shop: 'no-such-shop', email: 'x@example.com', password: 'long enough', name: 'X' });
  });

  it('keeps only a scrypt hash: not in the users table, and never the password itself anywhere', async () => {
    const payload = await signUp(anonymous, { email: 'hashed@example.com', password: 'my very secret password' });
    const row = await testApp.database.db('users').where({ tenant_id: 'demo', id: payload.user.id }).first();
    expect(Object.keys(row).sort()).toEqual(['created_at', 'email', 'id', 'name', 'role', 'tenant_id']);
    const events = await testApp.database.db('events').where({ tenant_id: 'demo', stream_id: `user-${payload.user.id}` });
    expect(events.map((e) => e.event_type)).toEqual(['UserRegistered']);
    expect(events[0].data.passwordHash).toMatch(/^scrypt\$/);
    const everything = JSON.stringify(await testApp.database.db('events').select('data', 'metadata'));
    expect(everything).not.toContain('my very secret password');
  });
});

describe('tokens', () => {
  it('answers `me` without a token, with a forged one and with an expired one with UNAUTHENTICATED', async () => {
    expect((await anonymous.error(ME)).code).toBe('UNAUTHENTICATED');

    const forger = new TokenService('another-secret-that-is-at-least-32-bytes', 3600);
    const forged = await forger.issue({ userId: 'u', shopId: 'demo', role: 'ADMIN' as never });
    expect((await withToken(forged).error(ME)).code).toBe('UNAUTHENTICATED');

    const user = await signUp(anonymous, { email: 'expiring@example.com' });
    const mint = new TokenService(TEST_JWT_SECRET, 60);
    const expired = await mint.issue({ userId: user.user.id, shopId: 'demo', role: 'CUSTOMER' as never }, Date.now() - 2 * 60_000);
    const error = await withToken(expired).error(ME);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/i) });
    // The same account with a fresh token is fine: it is the expiry that is refused.
    const fresh = await mint.issue({ userId: user.user.id, shopId: 'demo', role: 'CUSTOMER' as never });
    expect((await withToken(fresh).data<{ me: { id: string } }>(ME)).me.id).toBe(user.user.id);
  });
});

describe('staff accounts', () => {
  it('lets an ADMIN create STAFF and ADMIN accounts that sign in with their role', async () => {
    const { createStaffAccount } = await testApp.client.data<{ createStaffAccount: AuthPayload['user'] }>(CREATE_STAFF, {
      email: 'picker@example.com',
      password: 'warehouse-7',
      name: 'Pat Picker',
      role: 'STAFF',
    });
    expect(createStaffAccount).toMatchObject({ email: 'picker@example.com', role: 'STAFF', shop: 'demo' });
    const payload = await signIn(anonymous, { email: 'picker@example.com', password: 'warehouse-7' });
    expect(payload.user.role).toBe('STAFF');
    expect(await testApp.app.tokens.verify(payload.token)).toMatchObject({ role: 'STAFF', userId: createStaffAccount.id });

    await testApp.client.data(CREATE_STAFF, { email: 'boss@example.com', password: 'the-boss-123', name: 'Boss', role: 'ADMIN' });
    expect((await signIn(anonymous, { email: 'boss@example.com', password: 'the-boss-123' })).user.role).toBe('ADMIN');
  });

  it('refuses staff accounts to STAFF and CUSTOMER (FORBIDDEN) and to anonymous callers (UNAUTHENTICATED)', async () => {
    const input = { email: 'sneaky@example.com', password: 'long enough', name: 'Sneaky', role: 'ADMIN' };
    await expectRefused((await testApp.clientAs('STAFF')).client, 'FORBIDDEN', CREATE_STAFF, input);
    await expectRefused((await testApp.clientAs('CUSTOMER')).client, 'FORBIDDEN', CREATE_STAFF, input);
    await expectRefused(anonymous, 'UNAUTHENTICATED', CREATE_STAFF, input);
  });

  it('refuses a CUSTOMER role for a staff account, and a taken email', async () => {
    await expectRefused(testApp.client, 'BAD_USER_INPUT', CREATE_STAFF, { email: 'cust@example.com', password: 'long enough', name: 'C', role: 'CUSTOMER' });
    await signUp(anonymous, { email: 'taken@example.com' });
    await expectRefused(testApp.client, 'CONFLICT', CREATE_STAFF, { email: 'taken@example.com', password: 'long enough', name: 'T', role: 'STAFF' });
  });
});

describe('shops', () => {
  const owner = { email: 'owner@example.com', password: 'my own shop', name: 'Olive Owner' };

  it('creates a shop with its first ADMIN, signed in to it; its visitors name it with X-Shop', async () => {
    const { createShop } = await anonymous.data<{ createShop: AuthPayload }>(CREATE_SHOP, { slug: 'olives-2', name: "Olive's Olives", owner });
    expect(createShop.user).toMatchObject({ email: 'owner@example.com', role: 'ADMIN', shop: 'olives-2' });
    expect(await testApp.app.tokens.verify(createShop.token)).toMatchObject({ shopId: 'olives-2', role: 'ADMIN' });
    expect((await withToken(createShop).data<{ me: { shop: string } }>(ME)).me.shop).toBe('olives-2');

    const visitor = httpClient(testApp.app.url, { 'x-shop': 'olives-2' });
    expect(await visitor.data('{ shop { slug name } }')).toEqual({ shop: { slug: 'olives-2', name: "Olive's Olives" } });
    expect((await visitor.data<{ products: { edges: unknown[] } }>('{ products { edges { cursor } } }')).products.edges).toEqual([]);
  });

  it('keeps emails unique per shop only: the same email signs up in another shop, and each signs in to its own', async () => {
    await anonymous.data(CREATE_SHOP, { slug: 'twin-shop', name: 'Twin', owner: { email: 'boss@twin.example', password: 'twin boss pw', name: 'Twin Boss' } });
    const inDemo = await signUp(anonymous, { shop: 'demo', email: 'both@example.com', password: 'demo password' });
    const inTwin = await signUp(anonymous, { shop: 'twin-shop', email: 'both@example.com', password: 'twin password' });
    expect(inTwin.user.id).not.toBe(inDemo.user.id);
    expect(inTwin.user.shop).toBe('twin-shop');
    expect((await signIn(anonymous, { shop: 'twin-shop', email: 'both@example.com', password: 'twin password' })).user.id).toBe(inTwin.user.id);
    expect((await signIn(anonymous, { shop: 'demo', email: 'both@example.com', password: 'demo password' })).user.id).toBe(inDemo.user.id);
    // A password is only good in its own shop.
    await expectRefused(anonymous, 'UNAUTHENTICATED', SIGN_IN, { shop: 'twin-shop', email: 'both@example.com', password: 'demo password' });
  });

  it('refuses a taken slug with CONFLICT (the demo shop too) and a malformed one with BAD_USER_INPUT', async () => {
    await anonymous.data(CREATE_SHOP, { slug: 'taken-slug', name: 'First', owner });
    await expectRefused(anonymous, 'CONFLICT', CREATE_SHOP, { slug: 'taken-slug', name: 'Second', owner: { ...owner, email: 'other@example.com' } });
    await expectRefused(anonymous, 'CONFLICT', CREATE_SHOP, { slug: 'demo', name: 'Mine now', owner });
    for (const slug of ['-dash-first', 'UPPER', 'a', 'with space', 'x'.repeat(41), 'dots.not.allowed']) {
      const error = await expectRefused(anonymous, 'BAD_USER_INPUT', CREATE_SHOP, { slug, name: 'Bad', owner });
      expect(error.extensions.field).toBe('slug');
    }
  });

  it('lets only one of two simultaneous createShop calls with one slug through', async () => {
    const attempt = (email: string) => anonymous.request(CREATE_SHOP, { slug: 'contested', name: 'Contested', owner: { ...owner, email } });
    const results = await Promise.all([attempt('a@example.com'), attempt('b@example.com')]);
    expect(results.map((r) => (r.errors ? r.errors[0]!.extensions?.code : 'ok')).sort()).toEqual(['CONFLICT', 'ok']);
    expect(await testApp.database.db('users').where({ tenant_id: 'contested' })).toHaveLength(1);
  });

  it('answers a request naming an unknown shop in X-Shop with NOT_FOUND (HTTP 404)', async () => {
    const response = await fetch(`${testApp.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shop': 'no-such-shop' },
      body: JSON.stringify({ query: '{ products { edges { cursor } } }' }),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect((await httpClient(testApp.app.url, { 'x-shop': 'Not A Slug!' }).error('{ shop { slug } }')).code).toBe('NOT_FOUND');
  });
});

describe('shop creation turned off', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ allowShopCreation: false });
  });
  afterAll(() => closed?.stop());

  it('refuses createShop with FORBIDDEN, appending nothing', async () => {
    const before = await countEvents(closed.database.db);
    const error = await closed.anonymous.error(CREATE_SHOP, { slug: 'not-today', name: 'Nope', owner: { email: 'o@example.com', password: 'long enough', name: 'O' } });
    expect(error.code).toBe('FORBIDDEN');
    expect(await countEvents(closed.database.db)).toBe(before);
    expect((await closed.anonymous.error(SIGN_IN, { shop: 'not-today', email: 'o@example.com', password: 'long enough' })).code).toBe('UNAUTHENTICATED');
  });
});
