import { afterEach, describe, expect, it, vi } from 'vitest';
import { Role } from '../../server/src/auth/roles';
import { TokenService } from '../../server/src/auth/tokens';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';
const subject = { userId: 'user-1', shopId: 'demo', role: Role.CUSTOMER, tokenVersion: 3, sessionId: 'session-1' };

afterEach(() => {
  vi.useRealTimers();
});

describe('TokenService.verify', () => {
  it('answers a token verified before with the same principal, and refuses it from the second its expiry is reached', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00.400Z'), toFake: ['Date'] });
    const tokens = new TokenService(SECRET, 60);
    const { token, expiresAt } = await tokens.issue(subject);
    const first = await tokens.verify(token);
    expect(first).toEqual({ userId: 'user-1', shopId: 'demo', role: Role.CUSTOMER, expiresAt: expiresAt.getTime(), tokenVersion: 3, sessionId: 'session-1' });
    expect(await tokens.verify(token)).toBe(first);

    vi.setSystemTime(expiresAt.getTime() - 1);
    expect(await tokens.verify(token)).toBe(first);
    vi.setSystemTime(expiresAt.getTime());
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/expired/) });
  });

  it('refuses a forged token and a tampered one whatever was verified before', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(subject);
    await tokens.verify(token);
    const forged = (await new TokenService('another-secret-that-is-at-least-32-bytes', 60).issue(subject)).token;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: Role.ADMIN })).toString('base64url')}.${signature}`;
    await expect(tokens.verify(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps the principal it hands out from being changed for the next request', async () => {
    const tokens = new TokenService(SECRET, 60);
    const { token } = await tokens.issue(subject);
    const principal = await tokens.verify(token);
    expect(() => Object.assign(principal, { role: Role.ADMIN })).toThrow(TypeError);
    expect((await tokens.verify(token)).role).toBe(Role.CUSTOMER);
  });
});
