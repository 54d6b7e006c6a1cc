import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { EVENTUALLY_MS } from '../support/eventually';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';
import { ME, SIGN_IN, signIn, signUp } from './account-operations';
import { startThrottledApp, type ThrottledApp } from './throttled-app';

const CHANGE_PASSWORD = `mutation($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next) { token refreshToken user { id email } } }`;
const REQUEST_RESET = 'mutation($shop: String!, $email: String!) { requestPasswordReset(shop: $shop, email: $email) }';
const RESET = 'mutation($token: String!, $next: String!) { resetPassword(token: $token, newPassword: $next) }';

interface Mail {
  recipient: string;
  subject: string;
  body: string;
}

/** The reset mails the default sender delivered to `email`'s account, oldest first. */
const resetMails = (db: TestApp['database']['db'], recipient: string): Promise<Mail[]> =>
  db('notifications').where({ kind: 'PASSWORD_RESET', recipient }).orderBy('event_position').select('recipient', 'subject', 'body');

/** Waits for the `count`-th reset mail to `recipient` and returns the token it carries. */
async function mailedToken(db: TestApp['database']['db'], recipient: string, count = 1): Promise<string> {
  const mails = await vi.waitFor(async () => {
    const found = await resetMails(db, recipient);
    expect(found.length).toBeGreaterThanOrEqual(count);
    return found;
  }, { timeout: EVENTUALLY_MS, interval: 50 });
  const token = /#token=(\S+?) /.exec(mails[count - 1]!.body)?.[1];
  expect(token, mails[count - 1]!.body).toBeDefined();
  return token!;
}

const signInCode = async (client: HttpClient, email: string, password: string) =>
  (await client.request(SIGN_IN, { shop: 'demo', email, password })).errors?.[0]?.extensions?.code ?? 'OK';

describe('password change and reset', () => {
  let testApp: TestApp;
  let anonymous: HttpClient;
  beforeAll(async () => {
    testApp = await startTestApp();
    anonymous = testApp.anonymous;
  });
  afterAll(() => testApp.stop());
  const withToken = (token: string) => httpClient(testApp.app.url, { authorization: `Bearer ${token}` });

  it('changes the password with the current one, records PasswordChanged with a hash only, and ends the other sessions', async () => {
    const account = await signUp(anonymous, { email: 'changer@example.com', password: 'first passphrase' });
    const other = await signIn(anonymous, { email: 'changer@example.com', password: 'first passphrase' });
    const me = withToken(account.token);

    const before = await countEvents(testApp.database.db);
    const wrong = await me.error(CHANGE_PASSWORD, { current: 'not the passphrase', next: 'second passphrase' });
    expect([wrong.code, wrong.extensions.field]).toEqual(['BAD_USER_INPUT', 'currentPassword']);
    const short = await me.error(CHANGE_PASSWORD, { current: 'first passphrase', next: 'short' });
    expect([short.code, short.extensions.field]).toEqual(['BAD_USER_INPUT', 'password']);
    expect((await anonymous.error(CHANGE_PASSWORD, { current: 'first passphrase', next: 'second passphrase' })).code).toBe('UNAUTHENTICATED');
    expect(await countEvents(testApp.database.db)).toBe(before);

    const { changePassword } = await me.data<{ changePassword: { token: string; user: { id: string } } }>(CHANGE_PASSWORD, { current: 'first passphrase', next: 'second passphrase' });
    expect(changePassword.user.id).toBe(account.user.id);
    expect(await signInCode(anonymous, 'changer@example.com', 'first passphrase')).toBe('UNAUTHENTICATED');
    expect(await signInCode(anonymous, 'changer@example.com', 'second passphrase')).toBe('OK');

    // Every session from before ends; the one the change answered with works.
    expect((await withToken(other.token).error(ME)).code).toBe('UNAUTHENTICATED');
    expect((await withToken(account.token).error(ME)).code).toBe('UNAUTHENTICATED');
    expect((await withToken(changePassword.token).data<{ me: { id: string } }>(ME)).me.id).toBe(account.user.id);

    const events = await testApp.database.db('events').where({ stream_id: `user-${account.user.id}` }).orderBy('stream_version').select('event_type', 'data');
    expect(events.map((e) => e.event_type)).toEqual(['UserRegistered', 'PasswordChanged', 'AccountSignedOutEverywhere']);
    expect(JSON.stringify(events)).not.toContain('second passphrase');
    expect(events[1]!.data.passwordHash).toMatch(/^scrypt\$/);
  });

  it('mails a reset token through the outbox; the token works once, and only it is refused again', async () => {
    const account = await signUp(anonymous, { email: 'forgot@example.com', password: 'old passphrase' });
    const answer = await anonymous.request(REQUEST_RESET, { shop: 'demo', email: ' Forgot@Example.com ' });
    expect(answer).toEqual({ data: { requestPasswordReset: true } });

    const token = await mailedToken(testApp.database.db, 'forgot@example.com');
    const [mail] = await resetMails(testApp.database.db, 'forgot@example.com');
    expect(mail!.subject).toBe('Reset your password');
    // The log holds the token's hash, never the token.
    const requested = await testApp.database.db('events').where({ stream_id: `user-${account.user.id}`, event_type: 'PasswordResetRequested' }).first('data');
    expect(requested.data.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await testApp.database.db('events').select('data', 'metadata'))).not.toContain(token.split('.')[2]);

    const session = await signIn(anonymous, { email: 'forgot@example.com', password: 'old passphrase' });
    expect(await anonymous.data(RESET, { token, next: 'new passphrase' })).toEqual({ resetPassword: true });
    expect(await signInCode(anonymous, 'forgot@example.com', 'old passphrase')).toBe('UNAUTHENTICATED');
    expect(await signInCode(anonymous, 'forgot@example.com', 'new passphrase')).toBe('OK');
    expect((await withToken(session.token).error(ME)).code).toBe('UNAUTHENTICATED');

    const again = await anonymous.error(RESET, { token, next: 'third passphrase' });
    expect([again.code, again.extensions.field]).toEqual(['BAD_USER_INPUT', 'token']);
    expect(await signInCode(anonymous, 'forgot@example.com', 'new passphrase')).toBe('OK');
    const types = await testApp.database.db('events').where({ stream_id: `user-${account.user.id}` }).orderBy('stream_version').pluck('event_type');
    expect(types).toEqual(['UserRegistered', 'PasswordResetRequested', 'PasswordReset', 'AccountSignedOutEverywhere']);
  });

  it('answers an unknown email, and an unknown shop, exactly as a known one, and mails nothing', async () => {
    await signUp(anonymous, { email: 'known@example.com' });
    const resetsQueued = async () => Number((await testApp.database.db('notification_outbox').where({ kind: 'PASSWORD_RESET' }).count<{ n: string }[]>('* as n'))[0]!.n);
    const before = await resetsQueued();
    const unknown = await anonymous.request(REQUEST_RESET, { shop: 'demo', email: 'unknown@example.com' });
    const noShop = await anonymous.request(REQUEST_RESET, { shop: 'no-such-shop', email: 'known@example.com' });
    const known = await anonymous.request(REQUEST_RESET, { shop: 'demo', email: 'known@example.com' });
    expect(unknown).toEqual(known);
    expect(noShop).toEqual(known);
    // The known account's mail is the positive signal that everything asked before it was handled: one message in all.
    await mailedToken(testApp.database.db, 'known@example.com');
    expect(await resetsQueued()).toBe(before + 1);
  });

  it('takes as long for an unknown email as for a known one, within an order of magnitude', async () => {
    await signUp(anonymous, { email: 'timed@example.com' });
    const timed = async (email: string) => {
      const started = performance.now();
      await anonymous.data(REQUEST_RESET, { shop: 'demo', email });
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so a slow moment of the machine hits both alike; medians, so one outlier does not decide.
    for (let i = 0; i < 7; i++) {
      known.push(await timed('timed@example.com'));
      unknown.push(await timed(`nobody-${i}@example.com`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratio = median(known) / median(unknown);
    expect(ratio, `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`).toBeLessThan(10);
    expect(ratio).toBeGreaterThan(0.1);
  });

  it('refuses a forged, malformed or superseded token alike', async () => {
    const account = await signUp(anonymous, { email: 'twice@example.com', password: 'old passphrase' });
    await anonymous.data(REQUEST_RESET, { shop: 'demo', email: 'twice@example.com' });
    const first = await mailedToken(testApp.database.db, 'twice@example.com', 1);
    await anonymous.data(REQUEST_RESET, { shop: 'demo', email: 'twice@example.com' });
    const second = await mailedToken(testApp.database.db, 'twice@example.com', 2);
    const forged = `demo.${account.user.id}.${'A'.repeat(43)}`;
    for (const token of [first, forged, 'garbage', `no-such-shop.${account.user.id}.${second.split('.')[2]}`]) {
      const refused = await anonymous.error(RESET, { token, next: 'new passphrase' });
      expect([refused.code, refused.extensions.field, refused.message]).toEqual(['BAD_USER_INPUT', 'token', expect.stringContaining('not valid')]);
    }
    expect(await anonymous.data(RESET, { token: second, next: 'new passphrase' })).toEqual({ resetPassword: true });
  });
});

describe('an expiring reset token', () => {
  let server: ThrottledApp;
  beforeAll(async () => {
    server = await startThrottledApp({}, { passwordResetTtlSeconds: 1 });
  });
  afterAll(() => server.stop());

  it('is refused once its time (PASSWORD_RESET_TTL_SECONDS) has passed', async () => {
    const anonymous = httpClient(server.app.url);
    await signUp(anonymous, { email: 'late@example.com', password: 'old passphrase' });
    await anonymous.data(REQUEST_RESET, { shop: 'demo', email: 'late@example.com' });
    const token = await mailedToken(server.database.db, 'late@example.com');
    const { data } = await server.database.db('notification_outbox').where({ kind: 'PASSWORD_RESET' }).first('data');
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(new Date(data.expiresAt).getTime() + 50), { timeout: 5000, interval: 50 });
    const refused = await anonymous.error(RESET, { token, next: 'new passphrase' });
    expect([refused.code, refused.extensions.field]).toEqual(['BAD_USER_INPUT', 'token']);
    expect(await signInCode(anonymous, 'late@example.com', 'old passphrase')).toBe('OK');
  });
});
