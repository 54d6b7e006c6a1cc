import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blockAfter, DEFAULT_SIGN_IN_THROTTLE } from '../../server/src/accounts/sign-in-throttle-policy';
import { httpClient, type HttpClient } from '../support/graphql-client';
import { countEvents } from '../support/rejections';
import { SIGN_IN, signUp } from './account-operations';
import { startThrottledApp, type ThrottledApp } from './throttled-app';

const OFF = { delayAfter: 0, lockAfter: 0 };
const PASSWORD = 'the right passphrase';

/** A sign-in's first error (code, message, extensions), or its token when it succeeds. */
async function signInOutcome(client: HttpClient, email: string, password: string) {
  const result = await client.request<{ signIn: { token: string } }>(SIGN_IN, { shop: 'demo', email, password });
  const error = result.errors?.[0];
  return error ? { code: error.extensions?.code as string, message: error.message, extensions: error.extensions } : { token: result.data!.signIn.token };
}

async function throttledCount(server: ThrottledApp, scope: string, reason: string): Promise<number> {
  const text = await (await fetch(`${server.app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`ordercast_sign_in_throttled_total{scope="${scope}",reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the throttle policy', () => {
  it('lets the first failures pass, then doubles the wait up to its cap, then locks', () => {
    const settings = { ...DEFAULT_SIGN_IN_THROTTLE, delayMs: 1000, maxDelayMs: 5000, lockSeconds: 600 };
    const limits = { delayAfter: 2, lockAfter: 7 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => blockAfter(n, limits, settings))).toEqual([
      undefined,
      undefined,
      { kind: 'delayed', ms: 1000 },
      { kind: 'delayed', ms: 2000 },
      { kind: 'delayed', ms: 4000 },
      { kind: 'delayed', ms: 5000 },
      { kind: 'locked', ms: 600_000 },
      { kind: 'locked', ms: 600_000 },
    ]);
    expect(blockAfter(50, OFF, settings)).toBeUndefined();
  });
});

describe('an account locked after failed sign-ins', () => {
  let server: ThrottledApp;
  let client: HttpClient;
  beforeAll(async () => {
    server = await startThrottledApp({ account: { delayAfter: 0, lockAfter: 3 }, address: OFF, lockSeconds: 2 });
    client = httpClient(server.app.url);
  });
  afterAll(() => server.stop());

  it('refuses even the right password while locked, exactly as a wrong one, and lets it in once the lock has passed', async () => {
    await signUp(client, { email: 'locked@example.com', password: PASSWORD });
    await signUp(client, { email: 'neighbour@example.com', password: PASSWORD });
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push(await signInOutcome(client, 'locked@example.com', 'not the passphrase'));
    const lockedAt = Date.now();
    expect(wrong.map((w) => ('code' in w ? w.code : 'signed in'))).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);

    const eventsBefore = await countEvents(server.database.db);
    const whileLocked = await signInOutcome(client, 'LOCKED@example.com', PASSWORD);
    expect(whileLocked).toEqual(wrong[0]);
    expect(await countEvents(server.database.db)).toBe(eventsBefore);
    expect(await throttledCount(server, 'account', 'locked')).toBe(1);
    // The lock is the account's: another account from the same address signs in.
    expect(await signInOutcome(client, 'neighbour@example.com', PASSWORD)).toHaveProperty('token');

    await vi.waitFor(async () => expect(await signInOutcome(client, 'locked@example.com', PASSWORD)).toHaveProperty('token'), { timeout: 15_000, interval: 200 });
    // Within the lock's 2 s the right password kept being refused.
    expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(1900);
  });

  it('forgets an account\'s failures when it signs in: the failures before do not add up to a lock', async () => {
    await signUp(client, { email: 'forgetful@example.com', password: PASSWORD });
    for (let i = 0; i < 2; i++) expect(await signInOutcome(client, 'forgetful@example.com', 'a wrong guess')).toHaveProperty('code', 'UNAUTHENTICATED');
    expect(await signInOutcome(client, 'forgetful@example.com', PASSWORD)).toHaveProperty('token');
    // Two more would make four in a row (a lock at three) had the success not cleared the count.
    for (let i = 0; i < 2; i++) expect(await signInOutcome(client, 'forgetful@example.com', 'a wrong guess')).toHaveProperty('code', 'UNAUTHENTICATED');
    expect(await signInOutcome(client, 'forgetful@example.com', PASSWORD)).toHaveProperty('token');
  });

  it('counts failures for an email with no account too, so a lock does not tell whether the account exists', async () => {
    for (let i = 0; i < 3; i++) await signInOutcome(client, 'nobody@example.com', 'a guess');
    const rows = await server.database.db('sign_in_throttle').where({ tenant_id: 'demo' }).whereNotNull('blocked_until');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    // The table holds no address in clear.
    expect(JSON.stringify(await server.database.db('sign_in_throttle'))).not.toContain('nobody@example.com');
  });
});

describe('growing delays', () => {
  let server: ThrottledApp;
  let client: HttpClient;
  beforeAll(async () => {
    server = await startThrottledApp({ account: { delayAfter: 2, lockAfter: 0 }, address: OFF, delayMs: 1500, maxDelayMs: 10_000 });
    client = httpClient(server.app.url);
  });
  afterAll(() => server.stop());

  const blockOf = async () => {
    const row = await server.database.db('sign_in_throttle').where({ tenant_id: 'demo' }).first('failures', 'last_failure_at', 'blocked_until');
    return { failures: row.failures as number, ms: row.blocked_until ? new Date(row.blocked_until).getTime() - new Date(row.last_failure_at).getTime() : 0 };
  };

  it('blocks the account for a wait that doubles with each failure past the free ones', async () => {
    await signUp(client, { email: 'slow@example.com', password: PASSWORD });
    await signInOutcome(client, 'slow@example.com', 'guess 1');
    await signInOutcome(client, 'slow@example.com', 'guess 2');
    expect(await blockOf()).toEqual({ failures: 2, ms: 0 });
    await signInOutcome(client, 'slow@example.com', 'guess 3');
    expect(await blockOf()).toEqual({ failures: 3, ms: 1500 });
    // During the wait the right password is refused, and the refusal is not counted as a failure.
    expect(await signInOutcome(client, 'slow@example.com', PASSWORD)).toHaveProperty('code', 'UNAUTHENTICATED');
    expect((await blockOf()).failures).toBe(3);
    expect(await throttledCount(server, 'account', 'delayed')).toBe(1);
    // Once the wait is over a failure counts again, and the next wait is twice as long.
    await vi.waitFor(async () => {
      await signInOutcome(client, 'slow@example.com', 'guess 4');
      expect(await blockOf()).toEqual({ failures: 4, ms: 3000 });
    }, { timeout: 10_000, interval: 100 });
  });
});

describe('per client address', () => {
  let server: ThrottledApp;
  beforeAll(async () => {
    // Behind a proxy (TRUST_PROXY), X-Forwarded-For names the client: two addresses from one test.
    server = await startThrottledApp({ account: OFF, address: { delayAfter: 0, lockAfter: 3 }, lockSeconds: 600 }, { trustProxy: true });
  });
  afterAll(() => server.stop());

  it('locks an address that failed across several accounts, for every account, and no other address', async () => {
    const attacker = httpClient(server.app.url, { 'x-forwarded-for': '203.0.113.7' });
    const customer = httpClient(server.app.url, { 'x-forwarded-for': '198.51.100.20' });
    await signUp(customer, { email: 'victim@example.com', password: PASSWORD });
    for (const email of ['a@example.com', 'b@example.com', 'victim@example.com']) expect(await signInOutcome(attacker, email, 'spray')).toHaveProperty('code', 'UNAUTHENTICATED');
    const refused = await signInOutcome(attacker, 'victim@example.com', PASSWORD);
    expect(refused).toHaveProperty('code', 'UNAUTHENTICATED');
    expect(await throttledCount(server, 'address', 'locked')).toBe(1);
    expect(await signInOutcome(customer, 'victim@example.com', PASSWORD)).toHaveProperty('token');
  });
});
