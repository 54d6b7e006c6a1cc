import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { httpClient } from '../support/graphql-client';
import { createStaff, ME, refresh, REFRESH, sha256, signIn, SIGN_OUT, SIGN_OUT_EVERYWHERE } from './session-operations';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp?.stop());

const as = (token: string) => httpClient(testApp.app.url, { authorization: `Bearer ${token}` });
const refreshError = (refreshToken: string) => testApp.anonymous.error(REFRESH, { refreshToken });

describe('sessions: access tokens and refresh tokens', () => {
  it('signs in with a short-lived access token and a refresh token, kept only as its sha-256', async () => {
    const { email } = await createStaff(testApp.client, 'session-1@example.com');
    const before = Date.now();
    const session = await signIn(testApp.anonymous, email);
    const after = Date.now();
    // The test app's access tokens last the default 15 minutes (to the second); refresh tokens 30 days.
    expect(Date.parse(session.expiresAt)).toBeGreaterThanOrEqual(before - 1000 + 15 * 60_000);
    expect(Date.parse(session.expiresAt)).toBeLessThanOrEqual(after + 15 * 60_000);
    expect(Date.parse(session.refreshTokenExpiresAt)).toBeGreaterThanOrEqual(before + 30 * 24 * 3600_000);
    expect(Date.parse(session.refreshTokenExpiresAt)).toBeLessThanOrEqual(after + 30 * 24 * 3600_000);
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await as(session.token).data(ME)).me.id).toBe(session.user.id);

    const { rows } = await testApp.database.db.raw('SELECT token_hash FROM sessions WHERE user_id = ?', [session.user.id]);
    expect(rows).toHaveLength(1);
    expect(Buffer.compare(rows[0].token_hash, sha256(session.refreshToken))).toBe(0);
    const { rows: leaked } = await testApp.database.db.raw('SELECT 1 FROM sessions s WHERE position(? in s::text) > 0', [session.refreshToken]);
    expect(leaked).toHaveLength(0);
  });

  it('rotates the refresh token on use: a new pair, and the new refresh token works in turn', async () => {
    const { email } = await createStaff(testApp.client, 'session-2@example.com');
    const first = await signIn(testApp.anonymous, email);
    const second = await refresh(testApp.anonymous, first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user).toMatchObject({ id: first.user.id, role: 'STAFF' });
    expect((await as(second.token).data(ME)).me.id).toBe(first.user.id);
    const third = await refresh(testApp.anonymous, second.refreshToken);
    expect((await as(third.token).data(ME)).me.id).toBe(first.user.id);
  });

  it('a rotated refresh token presented again revokes its whole family, and only that family', async () => {
    const { email } = await createStaff(testApp.client, 'session-3@example.com');
    const stolen = await signIn(testApp.anonymous, email);
    const otherDevice = await signIn(testApp.anonymous, email);
    const rightful = await refresh(testApp.anonymous, stolen.refreshToken);

    const reuse = await refreshError(stolen.refreshToken);
    expect(reuse.code).toBe('UNAUTHENTICATED');
    expect(reuse.message).toMatch(/already used/);
    // The token that replaced it is dead too: whoever holds either has to sign in again.
    expect((await refreshError(rightful.refreshToken)).code).toBe('UNAUTHENTICATED');
    const { rows } = await testApp.database.db.raw('SELECT count(*)::int AS live FROM sessions WHERE user_id = ? AND revoked_at IS NULL', [stolen.user.id]);
    expect(rows[0].live).toBe(1);
    // Another sign-in is another family: untouched.
    expect((await refresh(testApp.anonymous, otherDevice.refreshToken)).user.id).toBe(stolen.user.id);
  });

  it('two refreshes racing with one token: at most one gets a new pair', async () => {
    const { email } = await createStaff(testApp.client, 'session-race@example.com');
    const session = await signIn(testApp.anonymous, email);
    const answers = await Promise.all([1, 2, 3].map(() => testApp.anonymous.request<{ refreshSession: { refreshToken: string } }>(REFRESH, { refreshToken: session.refreshToken })));
    expect(answers.filter((answer) => answer.data?.refreshSession).length).toBeLessThanOrEqual(1);
    expect(answers.filter((answer) => answer.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unknown and an expired refresh token', async () => {
    expect((await refreshError('not-a-token-we-issued')).code).toBe('UNAUTHENTICATED');
    const { email } = await createStaff(testApp.client, 'session-4@example.com');
    const session = await signIn(testApp.anonymous, email);
    await testApp.database.db.raw("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = ?", [session.user.id]);
    expect((await refreshError(session.refreshToken)).code).toBe('UNAUTHENTICATED');
  });

  it('signOut with a refresh token ends that session only', async () => {
    const { email } = await createStaff(testApp.client, 'session-5@example.com');
    const leaving = await signIn(testApp.anonymous, email);
    const staying = await signIn(testApp.anonymous, email);
    expect((await testApp.anonymous.data(SIGN_OUT, { refreshToken: leaving.refreshToken })).signOut).toBe(true);
    expect((await refreshError(leaving.refreshToken)).code).toBe('UNAUTHENTICATED');
    expect((await refresh(testApp.anonymous, staying.refreshToken)).user.id).toBe(staying.user.id);
  });

  it("signOut without a refresh token ends the signed-in caller's own session", async () => {
    const { email } = await createStaff(testApp.client, 'session-6@example.com');
    const session = await signIn(testApp.anonymous, email);
    const other = await signIn(testApp.anonymous, email);
    expect((await as(session.token).data(SIGN_OUT)).signOut).toBe(true);
    expect((await refreshError(session.refreshToken)).code).toBe('UNAUTHENTICATED');
    expect((await refresh(testApp.anonymous, other.refreshToken)).user.id).toBe(session.user.id);
    // Naming another account's refresh token while signed in ends nothing.
    const stranger = await signIn(testApp.anonymous, (await createStaff(testApp.client, 'session-6b@example.com')).email);
    await as(other.token).data(SIGN_OUT, { refreshToken: stranger.refreshToken });
    expect((await refresh(testApp.anonymous, stranger.refreshToken)).user.id).toBe(stranger.user.id);
  });

  it('signOutEverywhere ends every session and every access token at once, recorded as an event', async () => {
    const { id, email } = await createStaff(testApp.client, 'session-7@example.com');
    const [phone, laptop] = [await signIn(testApp.anonymous, email), await signIn(testApp.anonymous, email)];
    expect((await as(phone.token).data(SIGN_OUT_EVERYWHERE)).signOutEverywhere).toBe(true);

    for (const session of [phone, laptop]) {
      expect((await as(session.token).error(ME)).code).toBe('UNAUTHENTICATED');
      expect((await refreshError(session.refreshToken)).code).toBe('UNAUTHENTICATED');
    }
    const { rows } = await testApp.database.db.raw("SELECT data FROM events WHERE stream_id = ? AND event_type = 'AccountSignedOutEverywhere'", [`user-${id}`]);
    expect(rows).toEqual([{ data: { userId: id, tokenVersion: 1 } }]);
    // A new sign-in carries the new version and works.
    const again = await signIn(testApp.anonymous, email);
    expect((await as(again.token).data(ME)).me.id).toBe(id);
  });
});
