import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVersionCache, type AccountAccess } from '../../server/src/auth/token-versions';
import { UnauthenticatedError } from '../../server/src/shared/errors';
import { startTestApp, type TestApp } from '../support/app';
import { httpClient } from '../support/graphql-client';
import { rawSocket } from '../support/raw-socket';
import { CHANGE_ROLE, createStaff, DISABLE, ENABLE, ME, refresh, REFRESH, signIn, SIGN_IN, SIGN_OUT_EVERYWHERE, STAFF_PASSWORD, type Session } from './session-operations';

/** The close code of a socket whose token stopped working (expired or revoked): README, WebSocket. */
const TOKEN_DEAD = 4401;

let testApp: TestApp;
/** A second server on the same database: revocations made through one reach the other by NOTIFY. */
let otherNode: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
  otherNode = await startTestApp({ database: testApp.database });
});
afterAll(async () => {
  await otherNode?.stop();
  await testApp?.stop();
});

const meOn = (node: TestApp, session: Session) => httpClient(node.app.url, { authorization: `Bearer ${session.token}` }).request(ME);

/** An open, acknowledged socket of the session on `node`. */
async function openSocket(node: TestApp, session: Session) {
  const socket = rawSocket(node.app.url, { authorization: `Bearer ${session.token}` });
  expect(await socket.acknowledged).toBe(true);
  return socket;
}

/**
 * Runs `revoke` while the session's HTTP calls work and its sockets on both nodes are open, then
 * expects each socket closed with 4401 within a second of the revocation's answer (waiting for the
 * close events themselves), and its HTTP calls refused on both nodes.
 */
async function expectRevokedEverywhere(session: Session, revoke: () => Promise<unknown>) {
  // Both nodes have checked (and cached) the token before.
  for (const node of [testApp, otherNode]) expect((await meOn(node, session)).data?.me.id).toBe(session.user.id);
  const sockets = [await openSocket(testApp, session), await openSocket(otherNode, session)];
  await revoke();
  const answered = Date.now();
  const closes = await Promise.all(sockets.map(async (socket) => ({ ...(await socket.closed), after: Date.now() - answered })));
  for (const close of closes) {
    expect(close.code).toBe(TOKEN_DEAD);
    expect(close.after).toBeLessThan(1000);
  }
  // The node that made the change refuses at once; the other has closed the socket, so its cache was told too.
  for (const node of [testApp, otherNode]) {
    const answer = await meOn(node, session);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }
}

describe('revocation: disabled, role-changed and signed-out-everywhere accounts', () => {
  it('a disabled account: HTTP and open sockets fail at once on every node; no sign-in, no refresh; enabled again, it signs in anew', async () => {
    const { id, email } = await createStaff(testApp.client, 'revoked-disabled@example.com');
    const session = await signIn(testApp.anonymous, email);
    await expectRevokedEverywhere(session, () => testApp.client.data(DISABLE, { id }));

    expect((await testApp.anonymous.error(SIGN_IN, { shop: 'demo', email, password: STAFF_PASSWORD })).code).toBe('UNAUTHENTICATED');
    expect((await testApp.anonymous.error(REFRESH, { refreshToken: session.refreshToken })).code).toBe('UNAUTHENTICATED');
    const { staffAccounts } = await testApp.client.data<{ staffAccounts: { id: string; disabled: boolean }[] }>('{ staffAccounts { id disabled } }');
    expect(staffAccounts.find((account) => account.id === id)?.disabled).toBe(true);

    expect((await testApp.client.data(ENABLE, { id })).enableAccount).toEqual({ id, disabled: false });
    const again = await signIn(testApp.anonymous, email);
    expect((await meOn(testApp, again)).data?.me.id).toBe(id);
    // What was revoked stays revoked.
    expect((await meOn(testApp, session)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await testApp.anonymous.error(REFRESH, { refreshToken: session.refreshToken })).code).toBe('UNAUTHENTICATED');

    const { rows } = await testApp.database.db.raw("SELECT event_type FROM events WHERE stream_id = ? AND event_type LIKE 'Account%' ORDER BY stream_version", [`user-${id}`]);
    expect(rows.map((row: { event_type: string }) => row.event_type)).toEqual(['AccountDisabled', 'AccountEnabled']);
  });

  it('a role change: the old tokens and sockets fail at once; the session refreshes into a token of the new role', async () => {
    const { id, email } = await createStaff(testApp.client, 'revoked-role@example.com');
    const session = await signIn(testApp.anonymous, email);
    expect(session.user.role).toBe('STAFF');
    await expectRevokedEverywhere(session, () => testApp.client.data(CHANGE_ROLE, { id, role: 'ADMIN' }));

    const promoted = await refresh(testApp.anonymous, session.refreshToken);
    expect(promoted.user.role).toBe('ADMIN');
    expect((await meOn(otherNode, promoted)).data?.me).toEqual({ id, role: 'ADMIN' });
  });

  it('signOutEverywhere: every token and socket of the account fails at once', async () => {
    const { email } = await createStaff(testApp.client, 'revoked-everywhere@example.com');
    const session = await signIn(testApp.anonymous, email);
    const other = await signIn(testApp.anonymous, email);
    await expectRevokedEverywhere(session, () => httpClient(testApp.app.url, { authorization: `Bearer ${other.token}` }).data(SIGN_OUT_EVERYWHERE));
    expect((await meOn(testApp, other)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an admin cannot disable their own account or change their own role, nor a customer through the staff tools', async () => {
    const admin = await signIn(testApp.anonymous, (await createStaff(testApp.client, 'self-admin@example.com', 'ADMIN')).email);
    const asAdmin = httpClient(testApp.app.url, { authorization: `Bearer ${admin.token}` });
    expect((await asAdmin.error(DISABLE, { id: admin.user.id })).code).toBe('INVALID_STATE');
    expect((await asAdmin.error(CHANGE_ROLE, { id: admin.user.id, role: 'STAFF' })).code).toBe('INVALID_STATE');
    const customer = await testApp.anonymous.data<{ signUp: { user: { id: string } } }>(
      'mutation { signUp(shop: "demo", email: "not-staff@example.com", password: "a customer passphrase", name: "C") { user { id } } }',
    );
    expect((await asAdmin.error(DISABLE, { id: customer.signUp.user.id })).code).toBe('BAD_USER_INPUT');
    const staff = await testApp.clientAs('STAFF');
    expect((await staff.client.error(DISABLE, { id: customer.signUp.user.id })).code).toBe('FORBIDDEN');
    expect((await asAdmin.error(DISABLE, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('the token version cache', () => {
  const principal = { shopId: 'demo', userId: 'u1', tokenVersion: 0 };

  function cacheOver(access: AccountAccess, ttlMs = 30_000) {
    let now = 0;
    const reads: AccountAccess[] = [];
    const state = { access };
    const cache = new TokenVersionCache(
      async () => {
        reads.push(state.access);
        return state.access;
      },
      ttlMs,
      () => now,
    );
    return { cache, reads, state, advance: (ms: number) => (now += ms) };
  }

  it('answers from memory until invalidated, then reads afresh', async () => {
    const { cache, reads, state } = cacheOver({ tokenVersion: 0, disabled: false });
    await cache.check(principal);
    await cache.check(principal);
    expect(reads).toHaveLength(1);
    state.access = { tokenVersion: 1, disabled: false };
    await cache.check(principal);
    cache.invalidate('demo', 'u1');
    await expect(cache.check(principal)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(reads).toHaveLength(2);
  });

  it('a missed invalidation lasts no longer than the TTL', async () => {
    const { cache, state, advance } = cacheOver({ tokenVersion: 0, disabled: false }, 1000);
    await cache.check(principal);
    state.access = { tokenVersion: 0, disabled: true };
    advance(999);
    await cache.check(principal);
    advance(1);
    await expect(cache.check(principal)).rejects.toThrow(/disabled/);
  });

  it('a read begun before an invalidation is not kept after it', async () => {
    let release!: (access: AccountAccess) => void;
    let reads = 0;
    const cache = new TokenVersionCache(
      () => {
        reads++;
        return reads === 1 ? new Promise<AccountAccess>((resolve) => (release = resolve)) : Promise.resolve({ tokenVersion: 1, disabled: false });
      },
      30_000,
    );
    const stale = cache.check(principal);
    cache.invalidate('demo', 'u1');
    release({ tokenVersion: 0, disabled: false });
    await stale;
    await expect(cache.check(principal)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(reads).toBe(2);
  });

  it('a token newer than what it read (its NOTIFY still on the way) is checked against a fresh read', async () => {
    const { cache, reads, state } = cacheOver({ tokenVersion: 0, disabled: false });
    await cache.check(principal);
    state.access = { tokenVersion: 1, disabled: false };
    await cache.check({ ...principal, tokenVersion: 1 });
    expect(reads).toHaveLength(2);
    await expect(cache.check(principal)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('clear() forgets every account (the NOTIFY connection was lost)', async () => {
    const { cache, reads } = cacheOver({ tokenVersion: 0, disabled: false });
    await cache.check(principal);
    cache.clear();
    await cache.check(principal);
    expect(reads).toHaveLength(2);
  });
});
